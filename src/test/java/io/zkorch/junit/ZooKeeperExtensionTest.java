package io.zkorch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.testcontainers.ZooKeeperEnsemble;
import io.zkorch.topology.Topology;
import org.junit.jupiter.api.Test;

/** What @ZooKeeperTest's attributes make of an ensemble (no Docker: nothing starts). */
class ZooKeeperExtensionTest {

  @ZooKeeperTest(members = 5, observers = 1, fastFailover = true, version = "3.8.4",
      config = {"maxClientCnxns = 12", "minSessionTimeout=400"})
  static class Annotated {}

  @ZooKeeperTest(config = "no-equals-sign")
  static class Broken {}

  @Test
  void attributesBecomeTheEnsemblesKnobs() {
    ZooKeeperEnsemble zk = ZooKeeperExtension.ensemble(Annotated.class.getAnnotation(ZooKeeperTest.class));
    assertEquals(6, zk.size());
    assertEquals(2000, zk.getSessionTimeoutMs());
    String extra = Topology.of(spec(zk)).members().get(0).env().get("ZOO_CFG_EXTRA");
    assertTrue(extra.contains("maxClientCnxns=12") && extra.contains("minSessionTimeout=400"), extra);
    assertEquals("3.8.4", spec(zk).zookeeper().version());
  }

  @Test
  void aConfigEntryWithoutEqualsSignIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ZooKeeperExtension.ensemble(Broken.class.getAnnotation(ZooKeeperTest.class)));
    assertEquals("@ZooKeeperTest(config = \"no-equals-sign\"): write each entry as key=value.", e.getMessage());
  }

  @Test
  void defaultsAreThreeMembersSharedPerClass() throws Exception {
    ZooKeeperTest defaults = Defaulted.class.getAnnotation(ZooKeeperTest.class);
    assertEquals(3, defaults.members());
    assertEquals(ZooKeeperTest.Scope.CLASS, defaults.scope());
    assertEquals(false, defaults.disabledWithoutDocker());
  }

  @ZooKeeperTest
  static class Defaulted {}

  private static io.zkorch.spec.ClusterSpec spec(ZooKeeperEnsemble zk) {
    try {
      var m = ZooKeeperEnsemble.class.getDeclaredMethod("spec");
      m.setAccessible(true);
      return (io.zkorch.spec.ClusterSpec) m.invoke(zk);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
