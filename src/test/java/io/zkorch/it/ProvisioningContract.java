package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link io.zkorch.runtime.Provisioning}: what up made is found by label, with ports reachable from here. */
interface ProvisioningContract extends ContractFixture {

  @Test
  @Order(10)
  default void findsTheClusterAndItsMembersWithReachablePorts() {
    ClusterState state = provider().find(cluster()).orElseThrow();
    assertEquals(3, state.members().size());
    for (Node n : state.members()) {
      assertTrue(n.running() && !n.paused() && !n.partitioned(), n.toString());
      assertTrue(n.hostPort() > 0, "a member is reachable from this host: " + n);
    }
    assertEquals(provider().publishedHost(), state.host());
    assertTrue(provider().list().stream().anyMatch(c -> c.name().equals(cluster())));
    assertTrue(manager().status(cluster(), true).healthy(), "probed on " + state.host());
  }
}
