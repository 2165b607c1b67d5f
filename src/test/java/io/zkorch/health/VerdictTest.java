package io.zkorch.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Verdicts over srvr/mntr answers recorded from a real 3-member + 1-observer ensemble (and edits of them). */
class VerdictTest {

  private static final Check TRIP_OK = new Check(io.zkorch.health.QuorumCheck.ROUND_TRIP, true, null, "ok");

  /** The recorded answers of healthy-3+1, with {@code edit} applied to member {@code id}'s srvr text. */
  private static List<MemberState> recorded(String dir, int editId, UnaryOperator<String> srvrEdit,
      UnaryOperator<String> mntrEdit) {
    List<MemberState> states = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      String srvr = TestFiles.read("health/" + dir + "/zk" + id + ".srvr");
      String mntrText = TestFiles.read("health/" + dir + "/zk" + id + ".mntr");
      if (id == editId) {
        srvr = srvrEdit.apply(srvr);
        mntrText = mntrEdit.apply(mntrText);
      }
      Srvr s = Srvr.parse(srvr);
      Mntr mntr = s.mode() == io.zkorch.health.MemberMode.LEADER ? Mntr.parse(mntrText) : null;
      states.add(new MemberState(id, "zk" + id, id == 4, 30000 + id, s, null, mntr));
    }
    return states;
  }

  private static List<MemberState> healthy() {
    return recorded("healthy-3+1", 0, s -> s, s -> s);
  }

  @Test
  void recordedHealthyEnsembleIsHealthy() {
    Verdict v = Verdict.judge(healthy());
    assertTrue(v.readyForRoundTrip(), v.checks().toString());
    Verdict done = v.complete(TRIP_OK, healthy());
    assertTrue(done.healthy(), done.checks().toString());
    assertEquals(Verdict.STEPS, done.checks().stream().map(Check::kind).toList());
    assertEquals("zk3", done.leader().orElseThrow().service());
    assertEquals("2 followers, 1 observers synced with zk3", done.checks().get(4).detail());
    assertEquals("epoch 1", done.checks().get(6).detail());
  }

  @Test
  void parsesSrvr() {
    Srvr s = Srvr.parse(TestFiles.read("health/healthy-3+1/zk3.srvr"));
    assertEquals(io.zkorch.health.MemberMode.LEADER, s.mode());
    assertEquals(0x100000004L, s.zxid());
    assertEquals(1, s.epoch());
    assertEquals("0x100000004", s.zxidHex());
    assertTrue(s.serving());
  }

  @Test
  void minorityMembersAreNotServing() {
    Srvr s = Srvr.parse(TestFiles.read("health/minority/zk3.srvr"));
    assertFalse(s.serving());
    List<MemberState> states = new ArrayList<>(healthy());
    states.set(2, new MemberState(3, "zk3", false, 30003, s, null, null));
    Check failure = Verdict.judge(states).firstFailure().orElseThrow();
    assertEquals("members serving", failure.name());
    assertEquals("zk3", failure.member());
  }

  @Test
  void downMemberFailsTheFirstCheckAndSaysWhy() {
    List<MemberState> states = new ArrayList<>(healthy());
    states.set(1, new MemberState(2, "zk2", false, 30002, null, "Connect: Connection refused", null));
    Verdict v = Verdict.judge(states);
    Check failure = v.firstFailure().orElseThrow();
    assertEquals("members answer", failure.name());
    assertEquals("zk2", failure.member());
    assertTrue(failure.detail().contains("Connection refused"));
    assertEquals(1, v.checks().size(), "checks stop at the first failure");
    assertFalse(v.healthy());
  }

  @Test
  void twoLeadersAreCaught() {
    Verdict v = Verdict.judge(recorded("healthy-3+1", 1, s -> s.replace("Mode: follower", "Mode: leader"), m -> m));
    Check failure = v.firstFailure().orElseThrow();
    assertEquals("one leader", failure.name());
    assertTrue(failure.detail().contains("found 2"), failure.detail());
  }

  @Test
  void observerInTheWrongModeIsCaught() {
    Verdict v = Verdict.judge(recorded("healthy-3+1", 4, s -> s.replace("Mode: observer", "Mode: follower"), m -> m));
    Check failure = v.firstFailure().orElseThrow();
    assertEquals("modes", failure.name());
    assertEquals("zk4", failure.member());
  }

  @Test
  void unsyncedFollowerIsCaught() {
    Verdict v = Verdict.judge(recorded("healthy-3+1", 3, s -> s,
        m -> m.replace("zk_synced_followers\t2", "zk_synced_followers\t1")));
    Check failure = v.firstFailure().orElseThrow();
    assertEquals("followers synced", failure.name());
    assertTrue(failure.detail().contains("counts 1 synced followers, expected 2"), failure.detail());
  }

  @Test
  void unsyncedObserverIsCaught() {
    Verdict v = Verdict.judge(recorded("healthy-3+1", 3, s -> s,
        m -> m.replace("zk_synced_observers\t1", "zk_synced_observers\t0")));
    assertEquals("followers synced", v.firstFailure().orElseThrow().name());
  }

  @Test
  void epochMismatchAfterTheRoundTripIsCaught() {
    List<MemberState> after = recorded("healthy-3+1", 2, s -> s.replace("Zxid: 0x100000004", "Zxid: 0x4"), m -> m);
    Verdict v = Verdict.judge(healthy()).complete(TRIP_OK, after);
    Check failure = v.firstFailure().orElseThrow();
    assertEquals("one epoch", failure.name());
    assertEquals("zk2", failure.member());
    assertFalse(v.healthy());
  }

  @Test
  void failedRoundTripIsNotHealthy() {
    Verdict v = Verdict.judge(healthy()).complete(new Check(io.zkorch.health.QuorumCheck.ROUND_TRIP, false, null, "timeout"), healthy());
    assertFalse(v.healthy());
    assertEquals("client round trip", v.firstFailure().orElseThrow().name());
    assertEquals(6, v.checks().size(), "no epoch check without a round trip");
  }

  @Test
  void singleStandaloneMemberIsHealthy() {
    String srvr = TestFiles.read("health/healthy-3+1/zk3.srvr").replace("Mode: leader", "Mode: standalone");
    List<MemberState> one = List.of(new MemberState(1, "zk1", false, 30001, Srvr.parse(srvr), null, null));
    assertTrue(Verdict.judge(one).complete(TRIP_OK, one).healthy());
  }

  @Test
  void mntrParsesNumbers() {
    Mntr m = Mntr.parse(TestFiles.read("health/healthy-3+1/zk3.mntr"));
    assertEquals(2, m.number("zk_synced_followers").getAsLong());
    assertEquals("leader", m.values().get("zk_server_state"));
    assertTrue(m.number("zk_server_state").isEmpty());
  }
}
