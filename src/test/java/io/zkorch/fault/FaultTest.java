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
    // 11 actions × 5 targets, less hide-holder and hide-worker, plus partition's 3 shapes
    assertEquals(11 * 5 - 2 + 3, known.size());
    assertTrue(known.contains("partition-halves") && known.contains("delay-leader:200ms"), known.toString());
    assertFalse(known.contains("kill-halves") || known.contains("hide-worker"), known.toString());
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

  @Test
  void chaosTakesAShapeAfterAColonOrItsDefault() {
    Fault delay = Fault.parse("delay-leader:200ms~50ms");
    assertEquals(Fault.Action.DELAY, delay.action());
    assertEquals("delay-leader:200ms~50ms", delay.id());
    assertEquals(new Fault.LinkChaos(200, 50, 0, 0, 0, null), delay.chaos());
    assertEquals("delay-zk2:200ms", Fault.parse("delay-zk2").id());
    assertEquals(1500, Fault.parse("delay-leader:1.5s").chaos().delayMs());
    assertEquals(20, Fault.parse("loss-follower:20%").chaos().lossPercent());
    assertEquals(10, Fault.parse("duplicate-leader").chaos().duplicatePercent());
    Fault.LinkChaos reorder = Fault.parse("reorder-leader:30%").chaos();
    assertEquals(30, reorder.reorderPercent());
    assertEquals(Fault.LinkChaos.REORDER_HOLD_MS, reorder.delayMs());
    assertEquals("500kbit", Fault.parse("rate-zk3:500kbit").chaos().rate());
    assertTrue(Fault.parse("delay-leader").action().chaos());
    assertFalse(Fault.parse("isolate-leader").action().chaos());
    assertTrue(Fault.parse("hide-zk1").action().network());
    assertFalse(Fault.parse("kill-zk1").action().network());
  }

  @Test
  void badShapesAndMisplacedTargetsSayWhatToWrite() {
    for (String[] bad : new String[][] {
        {"delay-leader:fast", "not a time"}, {"delay-leader:0ms", "above 0"}, {"delay-leader:10ms~20ms", "jitter"},
        {"loss-leader:120%", "percentage"}, {"loss-leader:20", "percentage"}, {"rate-leader:fast", "1mbit"},
        {"kill-leader:200ms", "only delay"}, {"kill-halves", "partition-halves"}, {"isolate-ring", "partition-ring"},
        {"hide-worker", "name a member"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parse(bad[0]), bad[0]);
      assertTrue(e.getMessage().contains("'" + bad[0] + "'") && e.getMessage().contains(bad[1]), e.getMessage());
    }
    assertEquals(Fault.Target.HALVES, Fault.parse("partition-halves").target());
    assertTrue(Fault.parse("partition-bridge").target().topology());
  }

  @Test
  void chaosOnOneLinkNamesBothEnds() {
    Fault f = Fault.parse("delay-zk1~zk2:300ms");
    assertEquals("delay-zk1~zk2:300ms", f.id());
    assertEquals(List.of("zk1", "zk2"), List.of(f.link()));
    assertEquals(List.of("leader", "zk3"), List.of(Fault.parse("loss-leader~zk3:10%").link()));
    assertNull(Fault.parse("delay-zk1").link());
    for (String bad : List.of("isolate-zk1~zk2", "rate-zk1~zk2", "delay-zk1~zk1", "delay-zk1~")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parse(bad), bad);
      assertTrue(e.getMessage().contains("a link A~B"), e.getMessage());
    }
  }

  @Test
  void anEventOfAShapeKeepsEveryNodeItChangedAndTheLinksItCut() {
    FaultEvent e = new FaultEvent(Fault.parse("partition-halves"), "zk1", "minority; majority zk2 zk3",
        List.of("zk1"), List.of("zk1<->zk2", "zk1<->zk3"), 1_000_000, 0, 1200.0, "zk2");
    assertEquals("partition-halves hit zk1 (minority; majority zk2 zk3); zk2 led after 1200 ms", e.describe());
    FaultEvent healed = e.healed(2_000_000);
    assertEquals(List.of("zk1<->zk2", "zk1<->zk3"), healed.links());
    assertEquals(List.of("zk1"), healed.nodes());
    assertEquals(List.of(), new FaultEvent(Fault.parse("kill-zk1"), "zk1", "leader", 1, 0, null, null).links());
  }
}
