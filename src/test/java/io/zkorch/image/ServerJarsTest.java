package io.zkorch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.spec.ZooKeeperVersions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped version's server jars as the build recorded them, and where each is looked for. */
class ServerJarsTest {

  @Test
  void parsesDependencyListLinesWithAndWithoutClassifier() {
    assertEquals(Optional.of(new ServerJars.Coordinate("org.apache.zookeeper", "zookeeper", "3.9.5", null)),
        ServerJars.Coordinate.parse("   org.apache.zookeeper:zookeeper:jar:3.9.5 -- module zookeeper (auto)"));
    ServerJars.Coordinate epoll = ServerJars.Coordinate.parse(
        "   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.130.Final -- module x").orElseThrow();
    assertEquals("netty-transport-native-epoll-4.1.130.Final-linux-x86_64.jar", epoll.fileName());
    assertEquals("io/netty/netty-transport-native-epoll/4.1.130.Final/"
        + "netty-transport-native-epoll-4.1.130.Final-linux-x86_64.jar", epoll.path());
    assertEquals(Optional.empty(), ServerJars.Coordinate.parse("The following files have been resolved:"));
  }

  @Test
  void theShippedVersionsListHasTheServerItsExtrasAndALoggingBackend() {
    List<String> names = ServerJars.coordinates(ZooKeeperVersions.SHIPPED).stream()
        .map(ServerJars.Coordinate::artifact).toList();
    for (String needed : List.of("zookeeper", "zookeeper-jute", "netty-handler", "metrics-core", "snappy-java",
        "commons-cli", "logback-classic", "logback-core", "slf4j-api")) {
      assertTrue(names.contains(needed), needed + " in " + names);
    }
    assertTrue(names.stream().noneMatch(n -> n.contains("tcnative") || n.equals("slf4j-simple")), names.toString());
    assertTrue(ServerJars.known(ZooKeeperVersions.SHIPPED));
  }

  @Test
  void everyRecordedJarIsFoundWithAFingerprint() {
    var jars = ServerJars.of(ZooKeeperVersions.SHIPPED);
    assertEquals(ServerJars.coordinates(ZooKeeperVersions.SHIPPED).size(), jars.size());
    jars.values().forEach(s -> assertTrue(s.fingerprint().startsWith("crc32:") && s.size() > 0, s.toString()));
  }
}
