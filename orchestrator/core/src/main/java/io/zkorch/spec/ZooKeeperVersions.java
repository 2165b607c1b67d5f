package io.zkorch.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/** The ZooKeeper version zkorch ships (and so builds offline) and the versions it can fetch. */
public final class ZooKeeperVersions {

  /** The version whose server jars are inside zkorch's own jar. */
  public static final String SHIPPED;
  /** zkorch's own version. */
  public static final String ZKORCH;

  /** 3.8.x and 3.9.x: the lines whose server runs from the same classpath layout and config keys. */
  public static final Pattern SUPPORTED = Pattern.compile("3\\.(8|9)\\.\\d+");

  static {
    Properties p = new Properties();
    try (InputStream in = ZooKeeperVersions.class.getResourceAsStream("/io/zkorch/versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("io/zkorch/versions.properties is missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SHIPPED = p.getProperty("zookeeper");
    ZKORCH = p.getProperty("zkorch");
  }

  private ZooKeeperVersions() {}
}
