package io.zkorch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.zkorch.progress.Progress;
import io.zkorch.spec.ZooKeeperVersions;
import org.junit.jupiter.api.Test;

class BuildContextTest {

  private static BuildContext context(String content, boolean executable, String arg) {
    return new BuildContext().add("Dockerfile", "FROM x\n", false).add("run.sh", content, executable)
        .arg("BASE_IMAGE", arg);
  }

  @Test
  void hashDependsOnlyOnContentModeAndArguments() {
    String h = context("echo hi", true, "a").hash();
    assertEquals(h, context("echo hi", true, "a").hash());
    assertNotEquals(h, context("echo ho", true, "a").hash());
    assertNotEquals(h, context("echo hi", false, "a").hash());
    assertNotEquals(h, context("echo hi", true, "b").hash());
    assertEquals(12, h.length());
  }

  @Test
  void tarIsReproducible() {
    assertArrayEquals(context("x", true, "a").tar(), context("x", true, "a").tar());
  }

  @Test
  void fingerprintStandsForContent() {
    BuildContext a = new BuildContext().add("lib/z.jar",
        new BuildContext.Source(3, "crc32:1", () -> new java.io.ByteArrayInputStream(new byte[] {1, 2, 3})), false);
    BuildContext b = new BuildContext().add("lib/z.jar",
        new BuildContext.Source(3, "crc32:1", () -> new java.io.ByteArrayInputStream(new byte[] {9, 9, 9})), false);
    BuildContext c = new BuildContext().add("lib/z.jar",
        new BuildContext.Source(3, "crc32:2", () -> new java.io.ByteArrayInputStream(new byte[] {1, 2, 3})), false);
    assertEquals(a.hash(), b.hash());
    assertNotEquals(a.hash(), c.hash());
  }

  @Test
  void memberContextOfTheShippedVersionIsStable() {
    var jars = ZooKeeperDistribution.jars(ZooKeeperVersions.SHIPPED, Progress.silent());
    assertEquals(Images.memberContext(ZooKeeperVersions.SHIPPED, jars).hash(),
        Images.memberContext(ZooKeeperVersions.SHIPPED, jars).hash());
    org.junit.jupiter.api.Assertions.assertTrue(
        jars.keySet().stream().anyMatch(n -> n.startsWith("zookeeper-" + ZooKeeperVersions.SHIPPED)), jars.keySet()
            .toString());
    org.junit.jupiter.api.Assertions.assertTrue(jars.keySet().stream().anyMatch(n -> n.startsWith("logback-classic")));
    org.junit.jupiter.api.Assertions.assertTrue(jars.keySet().stream().anyMatch(n -> n.startsWith("metrics-core")));
  }
}
