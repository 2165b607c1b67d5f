package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.runtime.Partitioning;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link Partitioning}, for providers that offer it: a member cut off stops serving (seen from inside) and serves
 * again once reconnected.
 */
interface PartitioningContract extends ContractFixture {

  @Test
  @Order(50)
  default void aPartitionCutsAMemberOffAndReconnectingHealsIt() {
    Partitioning partitioning = provider().partitioning().orElseThrow(
        () -> new AssertionError(provider().name() + " implements the partitioning contract but not the role"));
    partitioning.disconnect(cluster(), "zk3");
    assertTrue(member("zk3").partitioned());
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String inside;
    do {
      inside = provider().fourLetterWordInside(cluster(), "zk3", "srvr");
    } while (!inside.contains("not currently serving") && System.nanoTime() < giveUp);
    assertTrue(inside.contains("not currently serving"), inside);
    partitioning.connect(cluster(), "zk3");
    assertFalse(member("zk3").partitioned());
    awaitHealthy();
  }
}
