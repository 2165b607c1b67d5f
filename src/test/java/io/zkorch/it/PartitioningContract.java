package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.cli.CliRun;
import io.zkorch.runtime.Partitioning;
import java.util.List;
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

  /**
   * One network fault per node, on either end of a link: with zk1<->zk3 cut (rules on zk1), a cut whose rules would go
   * on zk2 but whose link ends at zk3 is refused, and so is one on zk3 itself; a heal leaves nothing marked.
   */
  @Test
  @Order(51)
  default void aCutRefusesASecondFaultOnEitherEndOfItsLink() {
    Partitioning partitioning = provider().partitioning().orElseThrow();
    CliRun nemesis = CliRun.run("image", "nemesis"); // the helper the cuts run in; kept when it is there already
    assertEquals(0, nemesis.exitCode(), nemesis.toString());
    partitioning.cut(cluster(), List.of(new Partitioning.Cut("zk1", List.of("zk3"), false)));
    try {
      assertEquals(List.of("zk1"), partitioning.shaped(cluster()));
      ZkorchException onPeer = assertThrows(ZkorchException.class,
          () -> partitioning.cut(cluster(), List.of(new Partitioning.Cut("zk2", List.of("zk3"), false))));
      assertTrue(onPeer.getMessage().startsWith("zk3 of cluster") && onPeer.getMessage().contains("network fault"),
          onPeer.getMessage());
      ZkorchException onEnd = assertThrows(ZkorchException.class,
          () -> partitioning.cut(cluster(), List.of(new Partitioning.Cut("zk3", List.of("zk2"), true))));
      assertTrue(onEnd.getMessage().startsWith("zk3 of cluster"), onEnd.getMessage());
      assertEquals(List.of("zk1"), partitioning.shaped(cluster()), "a refused cut made nothing");
    } finally {
      partitioning.connect(cluster(), "zk1");
    }
    assertEquals(List.of(), partitioning.shaped(cluster()));
    awaitHealthy();
  }
}
