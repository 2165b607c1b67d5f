package io.zkorch.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.fake.FakeProvider;
import io.zkorch.spec.Fault;
import io.zkorch.spec.SpecLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault engine on a provider with no engine: targets resolved from what members say over srvr, the provider's
 * roles driven, the leader's successor measured, heals undoing exactly what was done, and partitions refused by a
 * provider without the partitioning role before anything is touched.
 */
class FaultsTest {

  private static FakeProvider up(FakeProvider fake) {
    new ClusterManager(fake, Progress.silent()).up(SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\n"
        + "name: f\nzookeeper:\n  members: 3\n  storage: tmpfs\n", "test"),
        new ClusterManager.UpOptions(Duration.ZERO, false, Duration.ofMillis(50)));
    fake.calls.clear();
    return fake;
  }

  @Test
  void killLeaderKillsTheMemberThatSaysLeaderAndMeasuresTheNextOne() {
    try (FakeProvider fake = up(FakeProvider.withPartitioning()); Faults faults = new Faults(fake, "f", 1)) {
      FaultEvent e = faults.inject(Fault.parse("kill-leader"), Faults.Aim.NONE);
      assertEquals("zk1", e.node(), "the fake's leader is the lowest running voter");
      assertEquals(List.of("kill f zk1"), fake.calls);
      assertEquals("zk2", e.leader());
      assertNotNull(e.leaderAfterMs());
      FaultEvent healed = faults.heal(e);
      assertNotEquals(null, healed);
      assertEquals("start f zk1", fake.calls.get(fake.calls.size() - 1));
    }
  }

  @Test
  void pauseAndPartitionAreUndoneByHealAll() {
    try (FakeProvider fake = up(FakeProvider.withPartitioning()); Faults faults = new Faults(fake, "f", 1)) {
      faults.inject(Fault.parse("pause-zk2"), Faults.Aim.NONE);
      faults.inject(Fault.parse("partition-zk3"), Faults.Aim.NONE);
      assertTrue(fake.calls.containsAll(List.of("pause f zk2", "disconnect f zk3")), fake.calls.toString());
      List<String> done = faults.healAll();
      assertEquals(List.of("unpaused zk2", "reconnected zk3"), done);
    }
  }

  @Test
  void losingTheMajorityIsReportedInsteadOfWaitedFor() {
    try (FakeProvider fake = up(FakeProvider.withPartitioning()); Faults faults = new Faults(fake, "f", 1)) {
      faults.inject(Fault.parse("kill-zk1"), Faults.Aim.NONE);
      FaultEvent second = faults.inject(Fault.parse("kill-zk2"), Faults.Aim.NONE);
      assertTrue(second.leader().contains("no quorum"), second.toString());
    }
  }

  @Test
  void aProviderWithoutPartitioningRefusesBeforeTouchingAnything() {
    try (FakeProvider fake = up(FakeProvider.withoutPartitioning()); Faults faults = new Faults(fake, "f", 1)) {
      ZkorchException e = assertThrows(ZkorchException.class,
          () -> faults.inject(Fault.parse("partition-zk3"), Faults.Aim.NONE));
      assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
      assertTrue(e.getMessage().startsWith("The fake runtime cannot partition zk3"), e.getMessage());
      assertEquals(List.of(), fake.calls);
    }
  }

  @Test
  void anUnknownTargetNamesWhatExists() {
    try (FakeProvider fake = up(FakeProvider.withPartitioning()); Faults faults = new Faults(fake, "f", 1)) {
      ZkorchException e = assertThrows(ZkorchException.class,
          () -> faults.inject(Fault.parse("kill-zk7"), Faults.Aim.NONE));
      assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
      assertTrue(e.getMessage().contains("[zk1, zk2, zk3]"), e.getMessage());
      assertEquals(List.of(), fake.calls);
    }
  }
}
