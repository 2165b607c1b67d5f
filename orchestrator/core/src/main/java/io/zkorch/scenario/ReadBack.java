package io.zkorch.scenario;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/** Reading what workers left in ZooKeeper, for the kinds' {@code finals}. */
public final class ReadBack {

  private ReadBack() {}

  /** The first number of a text znode ("VALUE TOKEN", or just the value), if the znode exists. */
  public static Optional<Long> leadingNumber(CuratorFramework client, String path) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(new String(client.getData().forPath(path), StandardCharsets.UTF_8)
        .strip().split("\\s+")[0]));
  }

  /** A znode holding one 8-byte long (0 when it holds anything else), if it exists. */
  public static Optional<Long> eightByteLong(CuratorFramework client, String path) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      return Optional.empty();
    }
    byte[] bytes = client.getData().forPath(path);
    return Optional.of(bytes.length == 8 ? ByteBuffer.wrap(bytes).getLong() : 0L);
  }
}
