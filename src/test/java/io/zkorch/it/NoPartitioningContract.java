package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.fault.Faults;
import io.zkorch.spec.Fault;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * For providers without the partitioning role: they do not offer it, and a partition fault is refused with one
 * sentence naming the runtime that can, before anything is touched.
 */
interface NoPartitioningContract extends ContractFixture {

  @Test
  @Order(50)
  default void aPartitionIsRefusedNamingTheRuntimeThatCan() {
    assertTrue(provider().partitioning().isEmpty(), provider().name() + " offers partitioning");
    try (Faults faults = new Faults(provider(), cluster(), 1)) {
      ZkorchException e = assertThrows(ZkorchException.class,
          () -> faults.inject(Fault.parse("partition-zk3"), Faults.Aim.NONE));
      assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
      assertTrue(e.getMessage().contains("--runtime docker"), e.getMessage());
    }
    assertTrue(member("zk3").running() && !member("zk3").partitioned());
  }
}
