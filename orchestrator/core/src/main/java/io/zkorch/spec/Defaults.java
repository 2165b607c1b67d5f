package io.zkorch.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills what the user left out of a cluster file. A pure function: the same input gives the same spec. */
public final class Defaults {

  /** The base image when neither the file nor {@code ZKORCH_BASE_IMAGE} names one. */
  public static final String BASE_IMAGE = "eclipse-temurin:17-jre";
  /** Environment variable that changes the default base image (for machines without a registry). */
  public static final String BASE_IMAGE_ENV = "ZKORCH_BASE_IMAGE";

  public static final int MEMBERS = 3;
  public static final int TICK_TIME = 2000;
  public static final int INIT_LIMIT = 5;
  public static final int SYNC_LIMIT = 2;
  public static final String HEAP = "256m";
  public static final List<String> FOUR_LETTER_WORDS = List.of("srvr", "mntr", "ruok", "stat", "conf");

  private Defaults() {}

  /** Defaults with the base image taken from {@code ZKORCH_BASE_IMAGE} when that is set. */
  public static ClusterSpec apply(ClusterSpec spec) {
    String env = System.getenv(BASE_IMAGE_ENV);
    return apply(spec, env == null || env.isBlank() ? BASE_IMAGE : env);
  }

  public static ClusterSpec apply(ClusterSpec spec, String defaultBase) {
    ZooKeeperSpec zk = spec.zookeeper();
    ClientPortSpec port = zk.clientPort() == null ? new ClientPortSpec(null, null) : zk.clientPort();
    ZooKeeperSpec.Profile profile = or(zk.profile(), ZooKeeperSpec.Profile.DEFAULT);
    ZooKeeperSpec zookeeper =
        new ZooKeeperSpec(
            or(zk.version(), ZooKeeperVersions.SHIPPED),
            or(zk.image(), ""),
            or(zk.members(), MEMBERS),
            or(zk.observers(), 0),
            or(zk.tickTime(), profile.tickTime),
            or(zk.initLimit(), profile.initLimit),
            or(zk.syncLimit(), profile.syncLimit),
            or(zk.heap(), HEAP),
            List.copyOf(or(zk.fourLetterWords(), FOUR_LETTER_WORDS)),
            or(zk.storage(), ZooKeeperSpec.Storage.VOLUME),
            new ClientPortSpec(or(port.host(), 0), or(port.bind(), "127.0.0.1")),
            Map.copyOf(or(zk.config(), Map.of())),
            profile,
            zk.security());
    List<AppSpec> apps = new ArrayList<>();
    for (AppSpec app : spec.apps()) {
      apps.add(
          new AppSpec(
              app.name(),
              or(app.image(), ""),
              or(app.replicas(), 1),
              app.command() == null ? List.of() : List.copyOf(app.command()),
              app.env() == null ? Map.of() : new LinkedHashMap<>(app.env()),
              app.ports() == null ? List.of() : List.copyOf(app.ports()),
              app.user()));
    }
    return new ClusterSpec(
        spec.apiVersion(),
        spec.kind(),
        spec.name(),
        zookeeper,
        new ImagesSpec(or(spec.images().base(), defaultBase), or(spec.images().registry(), ""),
            or(spec.images().lean(), "auto"), or(spec.images().jdk(), ImagesSpec.DEFAULT_JDK)),
        apps,
        spec.scenarios(),
        spec.data());
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
