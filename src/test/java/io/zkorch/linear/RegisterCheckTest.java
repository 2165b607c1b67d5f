package io.zkorch.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.register.RegisterChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register scenario's verdicts by read mode, and `zkorch check register` on files. */
class RegisterCheckTest {

  @TempDir Path dir;

  /** Worker records of a generated history (times as microseconds). */
  private static History history(List<Op> ops) {
    List<Record> records = new ArrayList<>();
    for (Op o : ops) {
      records.add(Record.of("t", "op", "w", o.process(), "process", o.process(), "f", o.f().id(), "key",
          o.key() == null ? "k0" : o.key(), "type", o.inDoubt() ? "info" : "ok", "call", o.call(), "ret",
          o.inDoubt() ? o.call() + 1 : o.ret(), "value", o.value(), "expected", o.expected()));
    }
    return new History(records, Map.of(), Map.of(), 10);
  }

  @Test
  void aStaleReadFailsASyncRunAndIsAFindingOfAPlainOne() {
    List<Op> ok = Generated.linearizable(11, 5, 300, 2);
    Checkers.Outcome good = RegisterChecker.check(history(ok), false);
    assertTrue(good.checks().stream().allMatch(CheckResult::passed), good.checks().toString());
    assertEquals(ok.size(), ((Number) good.figures().get("operations")).intValue());

    List<Op> stale = Generated.staleRead(ok).orElseThrow();
    CheckResult sync = RegisterChecker.check(history(stale), false).checks().get(0);
    assertFalse(sync.passed(), sync.toString());
    assertTrue(sync.detail().contains("no order reaches the completion of"), sync.detail());
    CheckResult plain = RegisterChecker.check(history(stale), true).checks().get(0);
    assertTrue(plain.passed() && plain.warning(), plain.toString());
    assertTrue(plain.detail().startsWith("a stale read, which plain reads may give"), plain.detail());
  }

  private Path file(String name, List<Op> ops) throws Exception {
    Path f = dir.resolve(name);
    try (var w = Files.newBufferedWriter(f)) {
      Histories.writeAll(w, ops);
    }
    return f;
  }

  @Test
  void checkRegisterSaysLinearizableNotMalformedOrUnknownWithItsExitCode() throws Exception {
    List<Op> ok = Generated.linearizable(5, 5, 300, 1);
    CliRun good = CliRun.run("check", "register", file("ok.jsonl", ok).toString());
    assertEquals(0, good.exitCode(), good.toString());
    assertTrue(good.out().contains(ok.size() + " operations") && good.out().contains("Verdict: LINEARIZABLE"),
        good.out());

    CliRun bad = CliRun.run("check", "register", file("bad.jsonl", Generated.staleRead(ok).orElseThrow()).toString());
    assertEquals(1, bad.exitCode(), bad.toString());
    assertTrue(bad.out().contains("Verdict: NOT LINEARIZABLE") && bad.out().contains("<- stuck")
        || bad.out().contains("the stretch it could not get past"), bad.out());

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n");
    CliRun malformed = CliRun.run("check", "register", broken.toString());
    assertEquals(2, malformed.exitCode(), malformed.toString());
    assertTrue(malformed.err().contains("is not a register history: line 1: process 0 completes a read it never"
        + " invoked"), malformed.err());
    assertFalse(malformed.err().contains("\tat "), malformed.err());

    // every write concurrent with every other and a read nobody's write explains: the budget runs out first
    List<Op> hard = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      hard.add(new Op(i, "p" + i, null, Op.F.WRITE, Integer.toString(i), null, 0, 1000, Op.Outcome.OK));
    }
    hard.add(new Op(40, "p40", null, Op.F.READ, "nobody", null, 0, 1000, Op.Outcome.OK));
    CliRun unknown = CliRun.run("check", "register", file("hard.jsonl", hard).toString(), "--time", "500ms");
    assertEquals(4, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.out().contains("Verdict: UNKNOWN — the time budget ran out"), unknown.out());
  }

  /**
   * Which member answered: a worker's record may name it ({@code server}); the run's counterexample, the exported
   * history and `zkorch check register` all say it after each operation.
   */
  @Test
  void aCounterexampleNamesTheMemberThatAnsweredEachOperation() throws Exception {
    List<Op> stale = Generated.staleRead(Generated.linearizable(11, 5, 300, 2)).orElseThrow();
    History h = history(stale);
    List<Record> named = new ArrayList<>();
    for (Record r : h.ofType("op")) {
      Map<String, Object> fields = new java.util.LinkedHashMap<>(r.fields());
      fields.put("server", "zk" + (1 + Math.floorMod(r.str("process").hashCode(), 3)));
      named.add(new Record(fields));
    }
    History served = new History(named, Map.of(), Map.of(), 10);
    CheckResult sync = RegisterChecker.check(served, false).checks().get(0);
    assertFalse(sync.passed(), sync.toString());
    assertTrue(sync.detail().matches("(?s).*no order reaches the completion of \\S+ read \\S+ \\[k\\d\\] @zk[123];.*"),
        sync.detail());
    CheckResult unnamed = RegisterChecker.check(h, false).checks().get(0);
    assertFalse(unnamed.detail().contains("@zk"), unnamed.detail());

    Path f = dir.resolve("served.jsonl");
    try (var w = Files.newBufferedWriter(f)) {
      Histories.writeAll(w, RegisterChecker.operations(served), RegisterChecker.servers(served));
    }
    assertTrue(Files.readAllLines(f).stream().filter(l -> l.contains("\"type\":\"ok\""))
        .allMatch(l -> l.matches(".*\"server\":\"zk[123]\".*")), "every completion names its server");
    assertTrue(Files.readAllLines(f).stream().filter(l -> l.contains("\"invoke\""))
        .noneMatch(l -> l.contains("server")), "an invocation has not been answered yet");
    CliRun check = CliRun.run("check", "register", f.toString());
    assertEquals(1, check.exitCode(), check.toString());
    assertTrue(check.out().matches("(?s).*read \\S+ \\[k\\d\\] @zk[123]   <- stuck.*"), check.out());
  }

  /**
   * When the member that answered the stuck operation was under a fault then, the verdict says which and what it cut:
   * the reader can tell ZooKeeper's behaviour under that fault from a bug of their own.
   */
  @Test
  void theVerdictSaysWhichFaultTheAnsweringMemberWasUnder() {
    List<Op> stale = Generated.staleRead(Generated.linearizable(11, 5, 300, 2)).orElseThrow();
    List<Record> named = new ArrayList<>();
    for (Record r : history(stale).ofType("op")) {
      Map<String, Object> fields = new java.util.LinkedHashMap<>(r.fields());
      fields.put("server", "zk1");
      named.add(new Record(fields));
    }
    long first = stale.stream().mapToLong(Op::call).min().orElseThrow();
    io.zkorch.fault.FaultEvent isolated = new io.zkorch.fault.FaultEvent(io.zkorch.spec.Fault.parse("isolate-leader"),
        "zk1", "leader", List.of("zk1"), List.of("zk1<->zk2", "zk1<->zk3"), first - 1, 0, null, null);
    CheckResult during = RegisterChecker.check(new History(named, Map.of(), Map.of(), 10, List.of(isolated)), false)
        .checks().get(0);
    assertTrue(during.detail().matches("(?s).*; zk1 answered it \\d+\\.\\d s into isolate-leader \\(links cut:"
        + " zk1<->zk2, zk1<->zk3\\)$"), during.detail());

    io.zkorch.fault.FaultEvent elsewhere = new io.zkorch.fault.FaultEvent(io.zkorch.spec.Fault.parse("kill-zk3"),
        "zk3", "follower", first - 1, 0, null, null);
    io.zkorch.fault.FaultEvent healedBefore = new io.zkorch.fault.FaultEvent(io.zkorch.spec.Fault.parse(
        "isolate-leader"), "zk1", "leader", List.of("zk1"), List.of("zk1<->zk2"), first - 10, first - 5, null, null);
    CheckResult not = RegisterChecker.check(new History(named, Map.of(), Map.of(), 10, List.of(elsewhere,
        healedBefore)), false).checks().get(0);
    assertFalse(not.detail().contains("answered it"), not.detail());
  }

  /** The EDN export says the same history, event for event, as Jepsen and Knossos read it. */
  @Test
  void theEdnExportSaysTheSameEventsAsTheJsonLines() throws Exception {
    List<Op> ops = new ArrayList<>(Generated.linearizable(3, 3, 40, 2));
    ops.add(new Op(ops.size(), "p9", "k0", Op.F.CAS, "2", "1", 5, Long.MAX_VALUE, Op.Outcome.INFO));
    ops.add(new Op(ops.size(), "p8", "k1", Op.F.WRITE, "say \"hi\"\\", null, 6, 7, Op.Outcome.OK));
    java.io.StringWriter json = new java.io.StringWriter();
    java.io.StringWriter edn = new java.io.StringWriter();
    Histories.writeAll(json, ops, o -> o.process().equals("p8") ? "zk2" : null);
    Histories.writeEdn(edn, ops, o -> o.process().equals("p8") ? "zk2" : null);
    List<String> jsonLines = json.toString().lines().toList();
    List<String> ednLines = edn.toString().lines().toList();
    assertEquals(jsonLines.size(), ednLines.size());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < jsonLines.size(); i++) {
      var e = mapper.readTree(jsonLines.get(i));
      String line = ednLines.get(i);
      assertTrue(line.startsWith("{:process \"" + e.get("process").asText() + "\", :type :" + e.get("type").asText()
          + ", :f :" + e.get("f").asText() + ", :value "), line);
      assertTrue(line.contains(":time " + e.get("time").asLong()), line);
      assertEquals(e.has("key"), line.contains(":key \"" + (e.has("key") ? e.get("key").asText() : "") + "\""), line);
    }
    assertTrue(ednLines.contains("{:process \"p9\", :type :info, :f :cas, :value [\"1\" \"2\"], :key \"k0\", :time "
        + ednLines.get(ednLines.size() - 1).replaceAll(".*:time (\\d+)}", "$1") + "}"), String.join("\n", ednLines));
    assertTrue(ednLines.stream().anyMatch(l -> l.equals("{:process \"p8\", :type :ok, :f :write, :value \"say"
        + " \\\"hi\\\"\\\\\", :key \"k1\", :time 7, :server \"zk2\"}")), String.join("\n", ednLines));
    assertTrue(ednLines.stream().anyMatch(l -> l.contains(":type :invoke, :f :read, :value nil")), "a read's invoke");
  }

  @Test
  void theServerIsReadFromTheClientsOwnDescription() {
    assertEquals("zk2", io.zkorch.scenario.register.RegisterWorker.serverOf("State:CONNECTED Timeout:4000"
        + " sessionid:0x10000 local:/172.18.0.5:41000 remoteserver:zk2/172.18.0.3:2181 lastZxid:5 xid:3 sent:3"));
    assertEquals("127.0.0.1:21812", io.zkorch.scenario.register.RegisterWorker.serverOf(
        "State:CONNECTED remoteserver:/127.0.0.1:21812 lastZxid:0"));
    assertEquals("localhost:21813", io.zkorch.scenario.register.RegisterWorker.serverOf(
        "remoteserver:localhost/127.0.0.1:21813 lastZxid:0"));
    assertEquals(null, io.zkorch.scenario.register.RegisterWorker.serverOf("State:CONNECTING remoteserver:null"
        + " lastZxid:0"));
    assertEquals(null, io.zkorch.scenario.register.RegisterWorker.serverOf("State:CLOSED "));
  }
}
