package io.zkorch.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every checker over hand-made histories, edge cases included; each check shown able to fail. */
class CheckersTest {

  private static Record start(String w, String kind) {
    return Record.of("t", "start", "w", w, "kind", kind);
  }

  private static Record done(String w) {
    return Record.of("t", "done", "w", w);
  }

  /** A holding: token, the counter value read, the zxid of that value, the zxid of the write. */
  private static Record hold(String w, long token, long read, long readZxid, long writeZxid) {
    return Record.of("t", "hold", "w", w, "token", token, "read", read, "readZxid", readZxid, "writeZxid", writeZxid,
        "acqUs", 1000L, "start", writeZxid * 10, "end", writeZxid * 10 + 5);
  }

  private static History history(List<Record> records, Map<String, Long> finals) {
    return new History(records, Map.of(), finals, 10);
  }

  private static CheckResult check(Checkers.Outcome o, String name) {
    return o.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Three holders one after another: each read the previous write. */
  private static List<Record> sequentialLock() {
    return new ArrayList<>(List.of(start("w1", "lock"), start("w2", "lock"),
        hold("w1", 1, 0, 10, 11), hold("w2", 2, 1, 11, 12), hold("w1", 3, 2, 12, 13),
        done("w1"), done("w2")));
  }

  @Test
  void lockPassesWhenHoldersTakeTurns() {
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(history(sequentialLock(), Map.of("counter", 3L)));
    assertTrue(o.passed(), o.checks().toString());
    assertEquals(3, o.figures().get("acquisitions"));
    assertEquals(Map.of("w1", 2L, "w2", 1L), o.figures().get("holdings_per_worker"));
  }

  @Test
  void lockNamesOverlappingHolders() {
    // w2 read value 0 at zxid 10, but w1 wrote at 11 before w2 wrote at 12: both were inside at once
    List<Record> r = List.of(start("w1", "lock"), start("w2", "lock"), hold("w1", 5, 0, 10, 11),
        hold("w2", 6, 0, 10, 12), done("w1"), done("w2"));
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(history(r, Map.of("counter", 1L)));
    CheckResult overlap = check(o, "no overlapping holders");
    assertFalse(overlap.passed());
    assertTrue(overlap.detail().contains("w2 (token 6) and w1 (token 5)"), overlap.detail());
    assertTrue(overlap.detail().contains("0xb"), overlap.detail());
    CheckResult counter = check(o, "counter equals acquisitions");
    assertFalse(counter.passed());
    assertTrue(counter.detail().contains("1 updates lost"), counter.detail());
  }

  @Test
  void lockCatchesEqualAndFallingTokens() {
    List<Record> equal = sequentialLock();
    equal.set(3, hold("w2", 1, 1, 11, 12));
    CheckResult c = check(io.zkorch.scenario.lock.LockChecker.check(history(equal, Map.of("counter", 3L))), "fencing tokens increase in holding order");
    assertFalse(c.passed());
    assertTrue(c.detail().contains("(equal)"), c.detail());

    List<Record> falling = sequentialLock();
    falling.set(4, hold("w1", 0, 2, 12, 13));
    assertFalse(check(io.zkorch.scenario.lock.LockChecker.check(history(falling, Map.of("counter", 3L))),
        "fencing tokens increase in holding order").passed());
  }

  @Test
  void lockCatchesACrashedWorkerWhoseIntervalNeverReleased() {
    // w2 started, acquired (no hold record: it died inside the critical section) and never finished
    List<Record> r = new ArrayList<>(sequentialLock());
    r.remove(done("w2"));
    r.removeIf(x -> x.type().equals("done") && x.worker().equals("w2"));
    CheckResult c = check(io.zkorch.scenario.lock.LockChecker.check(history(r, Map.of("counter", 3L))), "no worker errored");
    assertFalse(c.passed());
    assertTrue(c.detail().contains("w2=crashed"), c.detail());
  }

  @Test
  void lockCatchesAWorkerThatExitedBadlyOrRecordedAnError() {
    History exited = new History(sequentialLock(), Map.of("w1", 0, "w2", 137), Map.of("counter", 3L), 10);
    assertTrue(check(io.zkorch.scenario.lock.LockChecker.check(exited), "no worker errored").detail().contains("exited with 137"));
    List<Record> r = sequentialLock();
    r.add(Record.of("t", "error", "w", "w1", "what", "critical section", "error", "ConnectionLoss"));
    assertFalse(check(io.zkorch.scenario.lock.LockChecker.check(history(r, Map.of("counter", 3L))), "no worker errored").passed());
  }

  @Test
  void lockWithoutAnyHoldingIsNoProgress() {
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(history(List.of(start("w1", "lock"), done("w1")), Map.of("counter", 0L)));
    assertFalse(o.passed());
    assertFalse(check(o, "progress").passed());
  }

  private static Record publish(long v) {
    return Record.of("t", "publish", "w", "writer", "v", v, "zxid", 100 + v, "at", 1_000_000 * v);
  }

  private static Record apply(String w, long v, long delayUs) {
    return Record.of("t", "apply", "w", w, "v", v, "zxid", 100 + v, "at", 1_000_000 * v + delayUs);
  }

  private static List<Record> config() {
    return new ArrayList<>(List.of(start("writer", "config_writer"), start("a", "config_watcher"),
        start("b", "config_watcher"), publish(1), publish(2), publish(3), apply("a", 1, 2000), apply("a", 3, 4000),
        apply("b", 1, 1000), apply("b", 2, 3000), apply("b", 3, 5000), done("writer"),
        Record.of("t", "final", "w", "a", "v", 3L), Record.of("t", "final", "w", "b", "v", 3L)));
  }

  @Test
  void configConvergesEvenWhenAWatcherCoalescesVersions() {
    Checkers.Outcome o = io.zkorch.scenario.config.ConfigChecker.check(history(config(), Map.of("config", 3L)), 3);
    assertTrue(o.passed(), o.checks().toString());
    assertEquals(1L, o.figures().get("coalesced_versions"));
    assertEquals(5.0, o.figures().get("propagation_max_ms"));
  }

  @Test
  void configCatchesAWatcherThatDroppedTheFinalUpdate() {
    List<Record> r = config();
    r.removeIf(x -> x.type().equals("apply") && x.worker().equals("a") && x.num("v") == 3);
    CheckResult c = check(io.zkorch.scenario.config.ConfigChecker.check(history(r, Map.of("config", 3L)), 3), "every watcher converges");
    assertFalse(c.passed());
    assertTrue(c.detail().contains("a ended on 1"), c.detail());
  }

  @Test
  void configCatchesVersionsGoingBackwardsAndLostUpdates() {
    List<Record> r = config();
    r.add(apply("b", 2, 9000));
    assertFalse(check(io.zkorch.scenario.config.ConfigChecker.check(history(r, Map.of("config", 3L)), 3), "versions never go backwards").passed());
    List<Record> lost = config();
    lost.removeIf(x -> x.type().equals("publish") && x.num("v") == 2);
    CheckResult c = check(io.zkorch.scenario.config.ConfigChecker.check(history(lost, Map.of("config", 3L)), 3), "no update lost");
    assertFalse(c.passed());
    assertTrue(c.detail().contains("missing [2]"), c.detail());
  }

  private static Record term(String w, long begin, long end) {
    return Record.of("t", "term", "w", w, "beginZxid", begin, "endZxid", end, "start", begin * 1000, "end",
        end * 1000);
  }

  @Test
  void leaderTermsMustNotOverlap() {
    Checkers.Outcome ok = io.zkorch.scenario.leader.LeaderChecker.check(history(List.of(term("c1", 1, 2), term("c2", 3, 4), term("c1", 5, 6)),
        Map.of()));
    assertTrue(ok.passed(), ok.checks().toString());
    CheckResult bad = check(io.zkorch.scenario.leader.LeaderChecker.check(history(List.of(term("c1", 1, 5), term("c2", 3, 6)), Map.of())),
        "at most one leader at any moment");
    assertFalse(bad.passed());
    assertTrue(bad.detail().contains("c2 began leading at 0x3 before c1 ended at 0x5"), bad.detail());
    assertFalse(check(io.zkorch.scenario.leader.LeaderChecker.check(history(List.of(term("c1", 1, 2)), Map.of())), "leadership handed over")
        .passed());
  }

  @Test
  void counterFinalMustEqualSuccessfulIncrements() {
    List<Record> incs = List.of(Record.of("t", "inc", "w", "w1", "pre", 0L, "post", 1L),
        Record.of("t", "inc", "w", "w2", "pre", 1L, "post", 2L));
    assertTrue(io.zkorch.scenario.counter.CounterChecker.check(history(incs, Map.of("counter", 2L))).passed());
    assertFalse(io.zkorch.scenario.counter.CounterChecker.check(history(incs, Map.of("counter", 3L))).passed());
    List<Record> twice = List.of(incs.get(0), Record.of("t", "inc", "w", "w2", "pre", 0L, "post", 1L));
    assertFalse(check(io.zkorch.scenario.counter.CounterChecker.check(history(twice, Map.of("counter", 2L))), "no value handed out twice").passed());
  }

  private static Record pass(String w, int round, long arrive, long passed) {
    return Record.of("t", "pass", "w", w, "round", (long) round, "arriveZxid", arrive, "passZxid", passed);
  }

  @Test
  void barrierNobodyPassesBeforeAllArrived() {
    assertTrue(io.zkorch.scenario.barrier.BarrierChecker.check(history(List.of(pass("a", 1, 1, 3), pass("b", 1, 2, 4)), Map.of()), 2, 1).passed());
    CheckResult early = check(io.zkorch.scenario.barrier.BarrierChecker.check(history(List.of(pass("a", 1, 1, 2), pass("b", 1, 3, 4)), Map.of()),
        2, 1), "no one leaves before all entered");
    assertFalse(early.passed());
    assertTrue(early.detail().contains("a passed at 0x2 before b arrived at 0x3"), early.detail());
    assertFalse(check(io.zkorch.scenario.barrier.BarrierChecker.check(history(List.of(pass("a", 1, 1, 3)), Map.of()), 2, 1),
        "every worker passed every round").passed());
  }

  @Test
  void queueNothingLostNothingTwice() {
    List<Record> ok = List.of(Record.of("t", "put", "w", "q1", "item", "q1-1"),
        Record.of("t", "put", "w", "q1", "item", "q1-2"), Record.of("t", "take", "w", "q2", "item", "q1-1"),
        Record.of("t", "take", "w", "q1", "item", "q1-2"));
    assertTrue(io.zkorch.scenario.queue.QueueChecker.check(history(ok, Map.of())).passed());
    List<Record> lost = ok.subList(0, 3);
    assertTrue(check(io.zkorch.scenario.queue.QueueChecker.check(history(lost, Map.of())), "nothing lost").detail().contains("q1-2"));
    List<Record> twice = new ArrayList<>(ok);
    twice.add(Record.of("t", "take", "w", "q2", "item", "q1-2"));
    assertFalse(check(io.zkorch.scenario.queue.QueueChecker.check(history(twice, Map.of())), "nothing delivered twice").passed());
  }

  @Test
  void recordsParseSkipsNoiseAndTornLines() {
    List<Record> r = Records.parse("SLF4J: noise\n{\"t\":\"hold\",\"w\":\"w1\",\"token\":3}\n{\"t\":\"ho");
    assertEquals(1, r.size());
    assertEquals(3, r.get(0).num("token"));
  }

  @Test
  void percentilesAndFairness() {
    assertEquals(50.0, Stats.percentile(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList(), 50));
    assertEquals(99.0, Stats.percentile(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList(), 99));
    assertEquals(1.0, Stats.jain(5, 5, 5));
    assertEquals(1.0 / 3, Stats.jain(9, 0, 0), 1e-9);
  }

  // ------------------------------------------------------------------------------------------- under faults

  private static final io.zkorch.fault.FaultEvent PAUSED_HOLDER =
      new io.zkorch.fault.FaultEvent(io.zkorch.spec.Fault.parse("pause-holder"), "lock-w1", "holder, token 1", 100, 200, null, null);

  /** w1 (token 1) read at 10, was paused; w2 (token 2) took over and wrote at 11; w1's write was refused. */
  private static List<Record> staleHolderFenced() {
    return new ArrayList<>(List.of(start("w1", "lock"), start("w2", "lock"),
        Record.of("t", "hold", "w", "w1", "token", 1L, "read", 0L, "readZxid", 10L, "fenced",
            "the counter was written at 0xb by token 2 after this holder read it", "newerToken", 2L,
            "acqUs", 1L, "start", 100L, "end", 300L),
        hold("w2", 2, 0, 10, 11), done("w1"), done("w2")));
  }

  @Test
  void aStaleHolderUnderFaultsIsShownAndFencingPasses() {
    History h = new History(staleHolderFenced(), Map.of(), Map.of("counter", 1L), 10, List.of(PAUSED_HOLDER));
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(h);
    assertTrue(o.passed(), o.checks().toString());
    CheckResult seen = check(o, "one holder at a time, as the clients saw it");
    assertTrue(seen.warning());
    assertTrue(seen.detail().startsWith("1 stale holder: w1 (token 1)"), seen.detail());
    assertTrue(check(o, "fencing rejected every stale write").passed());
    assertEquals(1, o.figures().get("fenced_writes"));
  }

  @Test
  void aFencedWriteWithoutAnyFaultIsALockFailure() {
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(history(staleHolderFenced(), Map.of("counter", 1L)));
    CheckResult seen = check(o, "one holder at a time, as the clients saw it");
    assertFalse(seen.passed());
    assertTrue(seen.detail().contains("no fault explains"), seen.detail());
  }

  @Test
  void writesInDoubtBoundTheCounterFromAbove() {
    List<Record> r = sequentialLock();
    r.add(Record.of("t", "hold", "w", "w2", "token", 4L, "uncertain", true, "acqUs", 1L, "start", 140L,
        "end", 150L));
    History withFault = new History(r, Map.of(), Map.of("counter", 4L), 10, List.of(PAUSED_HOLDER));
    assertTrue(check(io.zkorch.scenario.lock.LockChecker.check(withFault), "counter equals acquisitions").passed());
    History tooHigh = new History(r, Map.of(), Map.of("counter", 5L), 10, List.of(PAUSED_HOLDER));
    assertFalse(check(io.zkorch.scenario.lock.LockChecker.check(tooHigh), "counter equals acquisitions").passed());
    History lost = new History(r, Map.of(), Map.of("counter", 2L), 10, List.of(PAUSED_HOLDER));
    assertTrue(check(io.zkorch.scenario.lock.LockChecker.check(lost), "counter equals acquisitions").detail().contains("1 updates lost"));
  }

  @Test
  void aWorkerKilledByAFaultIsNotAnErrorButItsWriteIsInDoubt() {
    io.zkorch.fault.FaultEvent kill =
        new io.zkorch.fault.FaultEvent(io.zkorch.spec.Fault.parse("kill-holder"), "lock-w2", "holder", 100, 0, null, null);
    List<Record> r = new ArrayList<>(sequentialLock());
    r.remove(done("w2"));
    History h = new History(r, Map.of("w1", 0, "w2", 137), Map.of("counter", 4L), 10, List.of(kill));
    Checkers.Outcome o = io.zkorch.scenario.lock.LockChecker.check(h);
    assertTrue(o.passed(), o.checks().toString());
    assertTrue(check(o, "no worker errored").detail().contains("[w2] killed by faults"));
    // the same crash without the fault is a failure
    assertFalse(check(io.zkorch.scenario.lock.LockChecker.check(new History(r, Map.of("w1", 0, "w2", 137), Map.of("counter", 3L), 10)),
        "no worker errored").passed());
  }

  @Test
  void unreachableEnsembleIsAnErrorOnlyWhenNoFaultWasInjected() {
    List<Record> r = sequentialLock();
    r.add(Record.of("t", "unavailable", "w", "w1", "what", "acquire", "error", "ConnectionLossException"));
    assertFalse(io.zkorch.scenario.lock.LockChecker.check(history(r, Map.of("counter", 3L))).passed());
    History faulty = new History(r, Map.of(), Map.of("counter", 3L), 10, List.of(PAUSED_HOLDER));
    CheckResult c = check(io.zkorch.scenario.lock.LockChecker.check(faulty), "no worker errored");
    assertTrue(c.passed());
    assertTrue(c.detail().contains("1 operations waited out an unreachable ensemble"), c.detail());
  }

  @Test
  void aRepeatedConfigVersionIsNotGoingBackwards() {
    List<Record> r = List.of(start("watcher1", "config_watcher"),
        Record.of("t", "publish", "w", "writer", "v", 1L, "at", 1L),
        Record.of("t", "publish", "w", "writer", "v", 2L, "at", 2L),
        Record.of("t", "apply", "w", "watcher1", "v", 1L, "at", 3L),
        Record.of("t", "apply", "w", "watcher1", "v", 2L, "at", 4L),
        Record.of("t", "apply", "w", "watcher1", "v", 2L, "at", 5L),
        Record.of("t", "final", "w", "watcher1", "v", 2L));
    Checkers.Outcome o = io.zkorch.scenario.config.ConfigChecker.check(history(r, Map.of("config", 2L)), 2);
    assertTrue(o.passed(), o.checks().toString());
    assertEquals(1L, o.figures().get("repeated_versions"));
  }
}
