package io.zkorch.fault;

import io.zkorch.spec.Fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void parsesActionAndTarget() {
    Fault f = Fault.parse("kill-leader");
    assertEquals(Fault.Action.KILL, f.action());
    assertEquals(Fault.Target.LEADER, f.target());
    assertNull(f.named());
    assertEquals("kill-leader", f.id());
    assertEquals(new Fault(Fault.Action.PAUSE, Fault.Target.HOLDER, null), Fault.parse(" Pause-Holder "));
  }

  @Test
  void anyOtherTargetNamesANode() {
    Fault f = Fault.parse("partition-zk2");
    assertEquals(Fault.Target.NAMED, f.target());
    assertEquals("zk2", f.named());
    assertEquals("partition-zk2", f.id());
    assertEquals("probe-1", Fault.parse("kill-probe-1").named()); // app replicas have dashes
  }

  @Test
  void rejectsWhatIsNotAFaultWithTheAcceptedForms() {
    for (String bad : List.of("kill", "kill-", "explode-leader", "leader", "", "pause-ZK 2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("leader"), e.getMessage());
    }
  }

  @Test
  void knownListsEveryActionAndTargetAndEachParsesBack() {
    List<String> known = Fault.known();
    assertEquals(20, known.size());
    for (String k : known) {
      assertEquals(k, Fault.parse(k).id());
    }
  }

  @Test
  void onlyHolderAndWorkerTargetsHitWorkers() {
    assertTrue(Fault.parse("pause-holder").hitsWorker());
    assertTrue(Fault.parse("kill-worker").hitsWorker());
    assertFalse(Fault.parse("kill-leader").hitsWorker());
    assertFalse(Fault.parse("partition-zk1").hitsWorker());
  }

  @Test
  void faultsLastHalfTheIntervalButWorkerPausesOutlastTheSession() {
    FaultPlan plan = new FaultPlan(List.of(Fault.parse("kill-leader"), Fault.parse("pause-holder"),
        Fault.parse("kill-holder")), Duration.ofSeconds(10), null, 1, Duration.ofSeconds(15));
    assertEquals(Duration.ofSeconds(5), plan.holdFor(Fault.parse("kill-leader")));
    // 15 s session: 15 + 7.5 + 1 s, so that the session surely expires while the worker is frozen
    assertEquals(Duration.ofMillis(23_500), plan.holdFor(Fault.parse("pause-holder")));
    assertEquals(Duration.ofSeconds(5), plan.holdFor(Fault.parse("kill-holder")));
    FaultPlan fixed = new FaultPlan(plan.faults(), Duration.ofSeconds(10), Duration.ofSeconds(2), 1,
        Duration.ofSeconds(15));
    assertEquals(Duration.ofSeconds(2), fixed.holdFor(Fault.parse("pause-holder")));
    assertTrue(plan.hitsWorkers());
    assertTrue(plan.hitsHolder());
    assertEquals("kill-leader,pause-holder,kill-holder every 10.0s", plan.describe());
  }

  @Test
  void anEventDescribesWhatItHitAndTheFailover() {
    FaultEvent e = new FaultEvent(io.zkorch.spec.Fault.parse("kill-leader"), "zk2", "leader", 1_000_000, 0, 840.4, "zk3");
    assertEquals("kill-leader hit zk2 (leader); zk3 led after 840 ms", e.describe());
    assertEquals(5_000_000, e.healed(5_000_000).healedAt());
  }

  @Test
  void theShortestRunHasRoomForTheFirstFaultItsHoldAndTheSettling() {
    Duration session = Duration.ofSeconds(15);
    FaultPlan kill = new FaultPlan(
        List.of(Fault.parse("kill-leader"), Fault.parse("pause-holder")), Duration.ofSeconds(6),
        null, 1, session);
    assertEquals(Duration.ofSeconds(25), kill.shortestRun()); // 6 s + 3 s (half the interval) + 15 s + 1 s
    FaultPlan pauseWorker = new FaultPlan(
        List.of(Fault.parse("pause-worker")), Duration.ofSeconds(6), null, 1, session);
    // a worker's pause outlasts its session: 15 s * 1.5 + 1 s
    assertEquals(Duration.ofMillis(6_000 + 23_500 + 16_000), pauseWorker.shortestRun());
  }
}
