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
}
