package io.zkorch.scenario.lock;

import io.zkorch.ZkorchException;
import io.zkorch.fault.HolderLookup;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * The holder of a lock scenario's mutex, read from the host: the lock node with the lowest sequence number holds it,
 * and its data is the worker's id (as {@link LockWorker} writes it). Its sequence is the holder's fencing token.
 */
final class LockHolders implements HolderLookup {

  private final String lockPath;
  private final String connect;
  private CuratorFramework reader;

  private final io.zkorch.security.ClientAccess access;

  LockHolders(String lockPath, String connect, io.zkorch.security.ClientAccess access) {
    this.lockPath = lockPath;
    this.connect = connect;
    this.access = access;
  }

  @Override
  public Optional<Holder> current() {
    try {
      CuratorFramework client = reader();
      if (client.checkExists().forPath(lockPath) == null) {
        return Optional.empty();
      }
      List<String> children = client.getChildren().forPath(lockPath);
      Optional<String> first = children.stream().min(Comparator.comparingLong(LockHolders::sequence));
      if (first.isEmpty()) {
        return Optional.empty();
      }
      byte[] data = client.getData().forPath(lockPath + "/" + first.get());
      return Optional.of(new Holder(new String(data, StandardCharsets.UTF_8), sequence(first.get())));
    } catch (org.apache.zookeeper.KeeperException.NoNodeException released) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while reading the lock at " + lockPath + ".");
    } catch (Exception e) {
      throw ZkorchException.failure("Could not read the lock at " + lockPath + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return lockPath;
  }

  private static long sequence(String lockNode) {
    return Long.parseLong(lockNode.substring(lockNode.lastIndexOf('-') + 1));
  }

  private synchronized CuratorFramework reader() throws InterruptedException {
    if (reader == null) {
      reader = access.curator(connect).sessionTimeoutMs(10_000).connectionTimeoutMs(3_000)
          .retryPolicy(new RetryNTimes(3, 100)).build();
      reader.start();
      if (!reader.blockUntilConnected(10, TimeUnit.SECONDS)) {
        throw ZkorchException.failure("Could not connect to " + connect + " to find the lock holder.");
      }
    }
    return reader;
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
