package io.zkorch.image;

import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.spec.ZooKeeperVersions;
import java.util.List;
import java.util.SortedMap;

/**
 * The server jars of a ZooKeeper version: the shipped version's are found by {@link ServerJars} (the CLI's jar, the
 * classpath, the local Maven repository, Central); any other 3.8.x/3.9.x version is resolved from Maven Central with
 * Maven Resolver (an optional dependency: the CLI has it) into the user's ~/.m2 repository.
 */
public final class ZooKeeperDistribution {

  /** Central, as Maven itself names it; overridable for mirrors with ZKORCH_MAVEN_REPOSITORY. */
  static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

  /** What a server needs beyond zookeeper's own runtime dependencies (they are "provided" in its POM). */
  static final List<String> SERVER_EXTRAS =
      List.of(
          "io.dropwizard.metrics:metrics-core:4.1.12.1",
          "org.xerial.snappy:snappy-java:1.1.10.5",
          "commons-cli:commons-cli:1.5.0");

  private ZooKeeperDistribution() {}

  /** File name → source of every jar the server of {@code version} needs, sorted by name. */
  public static SortedMap<String, BuildContext.Source> jars(String version, Progress progress) {
    if (ServerJars.known(version)) {
      return ServerJars.of(version);
    }
    try {
      return resolve(version, progress);
    } catch (NoClassDefFoundError noResolver) {
      throw ZkorchException.usage("ZooKeeper " + version + " is not the version zkorch ships ("
          + ZooKeeperVersions.SHIPPED + "), and fetching another needs Maven Resolver, which is not on the classpath;"
          + " add org.apache.maven.resolver:maven-resolver-supplier to your test dependencies, use the zkorch CLI,"
          + " or choose an image that has it (withImage/zookeeper.image).");
    }
  }

  private static SortedMap<String, BuildContext.Source> resolve(String version, Progress progress) {
    return MavenFetch.resolve(version, progress);
  }
}
