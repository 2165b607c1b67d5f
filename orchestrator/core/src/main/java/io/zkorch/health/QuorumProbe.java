package io.zkorch.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;

/** Asks every member (in parallel) and judges the answers; when the quorum holds, adds a client round trip. */
public final class QuorumProbe implements AutoCloseable {

  private final List<Endpoint> endpoints;
  private final int timeoutMillis;
  private final ExecutorService pool;
  private final io.zkorch.security.ClientAccess access;

  public QuorumProbe(List<Endpoint> endpoints, int timeoutMillis) {
    this(endpoints, timeoutMillis, io.zkorch.security.ClientAccess.PLAIN);
  }

  /** A probe reaching members through {@code access} (TLS, a login) on a secure cluster. */
  public QuorumProbe(List<Endpoint> endpoints, int timeoutMillis, io.zkorch.security.ClientAccess access) {
    this.access = java.util.Objects.requireNonNull(access, "access");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a quorum probe needs at least one member");
    }
    this.endpoints = List.copyOf(endpoints);
    this.timeoutMillis = timeoutMillis;
    this.pool = Executors.newFixedThreadPool(endpoints.size(), r -> {
      Thread t = new Thread(r, "zkorch-probe");
      t.setDaemon(true);
      return t;
    });
  }

  /** The connect string for clients on this host. */
  public String connectString() {
    return endpoints.stream().filter(e -> e.port() > 0).map(e -> e.host() + ":" + e.port())
        .collect(Collectors.joining(","));
  }

  /** One observation of every member, judged; with {@code roundTrip}, a healthy quorum also gets a client check. */
  public Verdict probe(boolean roundTrip) {
    Verdict verdict = Verdict.judge(observeAll());
    if (!roundTrip || !verdict.readyForRoundTrip()) {
      return verdict;
    }
    Check trip = roundTrip();
    return verdict.complete(trip, trip.ok() ? observeAll() : verdict.members());
  }

  private List<MemberState> observeAll() {
    List<CompletableFuture<MemberState>> futures = new ArrayList<>();
    for (Endpoint e : endpoints) {
      futures.add(CompletableFuture.supplyAsync(() -> observe(e), pool));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private MemberState observe(Endpoint e) {
    if (e.port() <= 0) {
      return new MemberState(e.id(), e.service(), e.observer(), 0, null, "unreachable from this host (stopped, or cut off from the network)",
          null);
    }
    Srvr srvr;
    try {
      srvr = Srvr.parse(FourLetterWords.send(e.host(), e.port(), "srvr", timeoutMillis, access));
    } catch (IOException ex) {
      return new MemberState(e.id(), e.service(), e.observer(), e.port(), null, describe(ex), null);
    }
    Mntr mntr = null;
    if (srvr.mode() == MemberMode.LEADER) {
      try {
        mntr = Mntr.parse(FourLetterWords.send(e.host(), e.port(), "mntr", timeoutMillis, access));
      } catch (IOException ex) {
        mntr = null;
      }
    }
    return new MemberState(e.id(), e.service(), e.observer(), e.port(), srvr, null, mntr);
  }

  private static String describe(IOException ex) {
    String m = ex.getMessage();
    return ex.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
  }

  private static final java.util.concurrent.Executor CLOSER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "zkorch-round-trip-close");
    t.setDaemon(true);
    return t;
  });

  /** Create, read back and delete an ephemeral znode through every member's host port. */
  public Check roundTrip() {
    QuorumCheck name = QuorumCheck.ROUND_TRIP;
    CuratorFramework client =
        access.curator(connectString())
            .sessionTimeoutMs(10_000)
            .connectionTimeoutMs(Math.max(timeoutMillis, 2000))
            .retryPolicy(new RetryOneTime(100))
            .build();
    try {
      client.start();
      if (!client.blockUntilConnected(Math.max(timeoutMillis, 2000) * 2, TimeUnit.MILLISECONDS)) {
        return Check.fail(name, null, "no session through " + connectString());
      }
      String path = "/zkorch-health-" + UUID.randomUUID();
      byte[] data = path.getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      client.create().withMode(CreateMode.EPHEMERAL).forPath(path, data);
      byte[] read = client.getData().forPath(path);
      client.delete().forPath(path);
      long micros = (System.nanoTime() - start) / 1000;
      if (!java.util.Arrays.equals(data, read)) {
        return Check.fail(name, null, "read back different bytes than were written at " + path);
      }
      return Check.pass(name, String.format(java.util.Locale.ROOT,
          "create/read/delete of an ephemeral znode in %.1f ms", micros / 1000.0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Check.fail(name, null, "interrupted");
    } catch (Exception e) {
      return Check.fail(name, null, "failed through " + connectString() + ": " + e);
    } finally {
      // closing the session is one more write through the quorum and Curator's shutdown waits for its threads
      // (100-150 ms here): the verdict does not wait for it
      CLOSER.execute(client::close);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
