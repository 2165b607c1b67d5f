package io.zkorch.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.fault.FaultEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverTest {

  private static Record hold(String w, long start, boolean wrote) {
    return wrote
        ? Record.of("t", "hold", "w", w, "token", 1L, "writeZxid", start, "start", start, "end", start + 5)
        : Record.of("t", "hold", "w", w, "token", 1L, "fenced", "stale", "start", start, "end", start + 5);
  }

  @Test
  void progressIsTheFirstWorkThatBeganAfterTheFault() {
    FaultEvent kill = new FaultEvent(io.zkorch.spec.Fault.parse("kill-leader"), "zk1", "leader", 1_000_000, 3_000_000, 300.0, "zk2");
    // a fenced holding is no progress; the first write after the fault began 1.5 s after it
    History h = new History(List.of(hold("w1", 900_000, true), hold("w2", 1_200_000, false),
        hold("w1", 2_500_000, true), hold("w2", 3_500_000, true)), Map.of(), Map.of(), 10, List.of(kill));
    List<Map<String, Object>> rows = Failover.rows(io.zkorch.scenario.ScenarioKinds.of("lock"), h);
    assertEquals(1, rows.size());
    assertEquals(1500.0, rows.get(0).get("progress_after_ms"));
    assertEquals(300.0, rows.get(0).get("leader_after_ms"));
    assertEquals(2000.0, rows.get(0).get("held_ms"));
    assertTrue(Failover.progressAfterEveryFault(io.zkorch.scenario.ScenarioKinds.of("lock"), h).passed());
  }

  @Test
  void noWorkAfterAHealedFaultFailsTheLivenessCheck() {
    FaultEvent pause = new FaultEvent(io.zkorch.spec.Fault.parse("pause-member"), "zk3", "follower", 1_000_000, 4_000_000, 10.0, "zk1");
    History h = new History(List.of(hold("w1", 2_000_000, true)), Map.of(), Map.of(), 10, List.of(pause));
    CheckResult c = Failover.progressAfterEveryFault(io.zkorch.scenario.ScenarioKinds.of("lock"), h);
    assertFalse(c.passed());
    assertTrue(c.detail().contains("pause-member hit zk3"), c.detail());
    assertNull(Failover.rows(io.zkorch.scenario.ScenarioKinds.of("lock"), new History(List.of(), Map.of(), Map.of(), 1, List.of(pause)))
        .get(0).get("progress_after_ms"));
  }
}
