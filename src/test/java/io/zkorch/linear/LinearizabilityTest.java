package io.zkorch.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.linear.Linearizability.Verdict;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The register checker on histories whose answer is known, made by hand and generated. */
class LinearizabilityTest {

  private static final Linearizability CHECKER = new Linearizability(Linearizability.Budget.DEFAULT);

  private static List<Op> parse(String jsonl) {
    return Histories.parse(new BufferedReader(new StringReader(jsonl)));
  }

  private static Verdict verdict(String jsonl) {
    return CHECKER.check(parse(jsonl)).verdict();
  }

  @Test
  void sequentialAndConcurrentHistories() {
    // write 1, then read 1: fine; then a read of nil after the write completed: stale
    String ok = """
        {"process":0,"type":"invoke","f":"write","value":1}
        {"process":0,"type":"ok","f":"write","value":1}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":1}
        """;
    assertEquals(Verdict.LINEARIZABLE, verdict(ok));
    assertEquals(Verdict.NOT_LINEARIZABLE, verdict(ok.replace("\"ok\",\"f\":\"read\",\"value\":1",
        "\"ok\",\"f\":\"read\",\"value\":null")));
    // a read concurrent with the write may see either
    for (String seen : List.of("null", "1")) {
      assertEquals(Verdict.LINEARIZABLE, verdict("""
          {"process":0,"type":"invoke","f":"write","value":1}
          {"process":1,"type":"invoke","f":"read","value":null}
          {"process":1,"type":"ok","f":"read","value":SEEN}
          {"process":0,"type":"ok","f":"write","value":1}
          """.replace("SEEN", seen)), seen);
    }
    // once one read saw the new value, a later read may not see the old one (the classic stale read)
    assertEquals(Verdict.NOT_LINEARIZABLE, verdict("""
        {"process":0,"type":"invoke","f":"write","value":1}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":1}
        {"process":2,"type":"invoke","f":"read","value":null}
        {"process":2,"type":"ok","f":"read","value":null}
        {"process":0,"type":"ok","f":"write","value":1}
        """));
  }

  @Test
  void compareAndSetFailedAndInDoubtOperations() {
    // cas 1→2 succeeded: a later read sees 2; a failed cas did not happen
    assertEquals(Verdict.LINEARIZABLE, verdict("""
        {"process":0,"type":"invoke","f":"write","value":1}
        {"process":0,"type":"ok","f":"write","value":1}
        {"process":1,"type":"invoke","f":"cas","value":[1,2]}
        {"process":1,"type":"ok","f":"cas","value":[1,2]}
        {"process":2,"type":"invoke","f":"cas","value":[1,3]}
        {"process":2,"type":"fail","f":"cas","value":[1,3]}
        {"process":0,"type":"invoke","f":"read","value":null}
        {"process":0,"type":"ok","f":"read","value":2}
        """));
    // a cas that succeeded although the register held something else
    assertEquals(Verdict.NOT_LINEARIZABLE, verdict("""
        {"process":0,"type":"invoke","f":"write","value":1}
        {"process":0,"type":"ok","f":"write","value":1}
        {"process":1,"type":"invoke","f":"cas","value":[5,2]}
        {"process":1,"type":"ok","f":"cas","value":[5,2]}
        """));
    // a write in doubt may have happened (a read sees it)...
    String doubt = """
        {"process":0,"type":"invoke","f":"write","value":7}
        {"process":0,"type":"info","f":"write","value":7}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":SEEN}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":AFTER}
        """;
    assertEquals(Verdict.LINEARIZABLE, verdict(doubt.replace("SEEN", "7").replace("AFTER", "7")));
    // ... or not (reads see the empty register) — but not both, in this order
    assertEquals(Verdict.LINEARIZABLE, verdict(doubt.replace("SEEN", "null").replace("AFTER", "7")));
    assertEquals(Verdict.NOT_LINEARIZABLE, verdict(doubt.replace("SEEN", "7").replace("AFTER", "null")));
    // an operation still open at the end of the file is in doubt too
    assertEquals(Verdict.LINEARIZABLE, verdict("""
        {"process":0,"type":"invoke","f":"write","value":4}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":4}
        """));
  }

  @Test
  void registersAreCheckedOneKeyAtATime() {
    String twoKeys = """
        {"process":0,"type":"invoke","f":"write","value":1,"key":"a"}
        {"process":0,"type":"ok","f":"write","value":1,"key":"a"}
        {"process":1,"type":"invoke","f":"read","value":null,"key":"b"}
        {"process":1,"type":"ok","f":"read","value":VALUE,"key":"b"}
        """;
    Linearizability.Result r = CHECKER.check(parse(twoKeys.replace("VALUE", "null")));
    assertEquals(Verdict.LINEARIZABLE, r.verdict());
    assertEquals(2, r.keys());
    Linearizability.Result bad = CHECKER.check(parse(twoKeys.replace("VALUE", "1")));
    assertEquals(Verdict.NOT_LINEARIZABLE, bad.verdict());
    assertEquals("b", bad.counterexample().key());
    assertEquals("1 read 1 [b]", bad.counterexample().stuck().describe());
  }

  @Test
  void theCounterexampleIsTheStretchTheSearchCouldNotGetPast() {
    List<Op> h = Generated.linearizable(7, 5, 400, 1);
    assertEquals(Verdict.LINEARIZABLE, CHECKER.check(h).verdict());
    List<Op> broken = Generated.staleRead(h).orElseThrow();
    Linearizability.Result r = CHECKER.check(broken);
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
    Linearizability.Counterexample c = r.counterexample();
    Op changed = broken.stream().filter(o -> !h.contains(o)).findFirst().orElseThrow();
    assertTrue(c.stretch().contains(changed) || c.stuck().equals(changed), c.toString());
    assertTrue(c.stretch().size() <= 12 && !c.stretch().isEmpty(), c.toString());
    assertTrue(c.linearized() < broken.size());
  }

  @Test
  void generatedHistoriesAreLinearizableAndAStaleReadInAnyOfThemIsFound() {
    int broken = 0;
    for (long seed = 1; seed <= 150; seed++) {
      int processes = 2 + (int) (seed % 9);
      List<Op> h = Generated.linearizable(seed, processes, 60 + (int) (seed * 7 % 200), 1 + (int) (seed % 3));
      assertEquals(Verdict.LINEARIZABLE, CHECKER.check(h).verdict(), "seed " + seed);
      var stale = Generated.staleRead(h);
      if (stale.isPresent()) {
        broken++;
        assertEquals(Verdict.NOT_LINEARIZABLE, CHECKER.check(stale.get()).verdict(), "seed " + seed);
      }
    }
    assertTrue(broken > 100, "stale reads planted in " + broken + " histories");
  }

  /**
   * Against the definition itself: small random histories (any values, so many are not linearizable), each judged
   * by trying every order that respects real time — the search must agree on every one.
   */
  @Test
  void agreesWithEveryOrderTriedOnSmallRandomHistories() {
    java.util.Random r = new java.util.Random(2026);
    int wrong = 0;
    int notLinearizable = 0;
    for (int n = 0; n < 1500; n++) {
      int size = 2 + r.nextInt(6);
      List<Op> h = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        long call = r.nextInt(20);
        long ret = call + r.nextInt(12);
        Op.F f = Op.F.values()[r.nextInt(3)];
        boolean info = f != Op.F.READ && r.nextInt(6) == 0;
        String v = r.nextInt(4) == 0 ? null : Integer.toString(r.nextInt(3));
        if (f != Op.F.READ && v == null) {
          v = "0";
        }
        h.add(new Op(i, "p" + i, null, f, v, f == Op.F.CAS ? Integer.toString(r.nextInt(3)) : null, call,
            info ? Long.MAX_VALUE : ret, info ? Op.Outcome.INFO : Op.Outcome.OK));
      }
      boolean expected = bruteForce(h, new ArrayList<>(), new boolean[size], null);
      notLinearizable += expected ? 0 : 1;
      Verdict v = CHECKER.check(h).verdict();
      if (v != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
        wrong++;
        System.err.println("disagree (" + expected + " vs " + v + "): " + h);
      }
    }
    assertEquals(0, wrong);
    assertTrue(notLinearizable > 300 && notLinearizable < 1400, notLinearizable + " not linearizable");
  }

  /** Whether some order of the remaining operations respects real time and the register (in-doubt ones optional). */
  private static boolean bruteForce(List<Op> h, List<Op> order, boolean[] used, String state) {
    boolean allDone = true;
    for (int i = 0; i < h.size(); i++) {
      if (!used[i] && !h.get(i).inDoubt()) {
        allDone = false;
      }
    }
    if (allDone) {
      return true; // what is left is in doubt: it never happened
    }
    for (int i = 0; i < h.size(); i++) {
      if (used[i]) {
        continue;
      }
      Op o = h.get(i);
      // o may go next only if no unused operation completed before o was invoked
      boolean blocked = false;
      for (int j = 0; j < h.size(); j++) {
        if (j != i && !used[j] && h.get(j).ret() < o.call()) {
          blocked = true;
        }
      }
      if (blocked) {
        continue;
      }
      Object next = Linearizability.step(state, o);
      if (next == Linearizability.REFUSED) {
        continue;
      }
      used[i] = true;
      order.add(o);
      boolean ok = bruteForce(h, order, used, (String) next);
      order.remove(order.size() - 1);
      used[i] = false;
      if (ok) {
        return true;
      }
    }
    return false;
  }

  @Test
  void whenTheBudgetRunsOutTheVerdictIsUnknownNeverAPass() {
    // 40 writes of distinct values, all concurrent, and a read of a value nobody wrote: every order must be tried
    List<Op> h = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      h.add(new Op(i, "p" + i, null, Op.F.WRITE, Integer.toString(i), null, 0, 1000, Op.Outcome.OK));
    }
    h.add(new Op(40, "p40", null, Op.F.READ, "nobody", null, 0, 1000, Op.Outcome.OK));
    Linearizability.Result byTime = new Linearizability(new Linearizability.Budget(Duration.ofMillis(300),
        Long.MAX_VALUE)).check(h);
    assertEquals(Verdict.UNKNOWN, byTime.verdict());
    assertTrue(byTime.why().startsWith("the time budget ran out"), byTime.why());
    assertTrue(byTime.elapsed().toMillis() < 2000, byTime.elapsed().toString());
    Linearizability.Result byMemory = new Linearizability(new Linearizability.Budget(Duration.ofMinutes(1),
        10_000)).check(h);
    assertEquals(Verdict.UNKNOWN, byMemory.verdict());
    assertEquals("the memory budget of 10000 states ran out", byMemory.why());
  }

  @Test
  void malformedHistoriesNameTheLine() {
    for (String[] bad : new String[][] {
        {"{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\nnot json\n", "line 2: not JSON"},
        {"{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n", "line 1: process 0 completes a write it"
            + " never invoked"},
        {"{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
            + "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n", "line 2: process 0 invokes read while its"
            + " write of line 1 is open"},
        {"{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":3}\n", "line 1: a cas's value is [expected,"
            + " new]"},
        {"{\"process\":0,\"type\":\"invoke\",\"f\":\"append\",\"value\":3}\n", "line 1: f is append; a register"
            + " knows read, write and cas"},
        {"{\"type\":\"invoke\",\"f\":\"read\"}\n", "line 1: has no process"},
        {"{\"process\":0,\"type\":\"maybe\",\"f\":\"read\"}\n", "line 1: type is maybe"}}) {
      Histories.Malformed m = assertThrows(Histories.Malformed.class, () -> parse(bad[0]), bad[1]);
      assertTrue(m.getMessage().startsWith(bad[1]), m.getMessage());
    }
  }
}
