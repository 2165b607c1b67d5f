package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.linear.Histories;
import io.zkorch.linear.Linearizability;
import io.zkorch.linear.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkorch check register FILE}: a register history, checked for linearizability on its own. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check a recorded history on its own.",
    subcommands = CheckCommand.Register.class)
final class CheckCommand implements Runnable {

  /** Exit code of a check whose budget ran out before a verdict: neither a pass nor a failure. */
  static final int EXIT_UNKNOWN = 4;

  @Override
  public void run() {
    throw ZkorchException.usage("check needs what to check: `zkorch check register FILE`.");
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = {"Check that a read/write/cas register history is linearizable (Wing & Gong with Lowe's"
          + " memoisation, as Knossos and Porcupine; each key on its own).",
          "FILE is JSON lines, one event each: {\"process\": 0, \"type\": \"invoke\"|\"ok\"|\"fail\"|\"info\","
              + " \"f\": \"read\"|\"write\"|\"cas\", \"value\": V or [expected, new], \"key\": K (optional),"
              + " \"time\": T (optional), \"server\": S (optional, on a completion: who answered it; a"
              + " counterexample names it)}; - reads standard input.",
          "Exit 0 linearizable, 1 not, 2 malformed, 4 unknown (the budget ran out: never a pass)."})
  static final class Register implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The history (JSON lines); - for standard input.")
    String file;

    @Option(names = "--time", paramLabel = "DURATION", defaultValue = "60s",
        description = "How long the search may run (default: 60s).")
    String time;

    @Option(names = "--states", paramLabel = "N", defaultValue = "20000000",
        description = "How many search states it may remember (default: 20000000, about 2-3 GB for 100k operations).")
    long states;

    @Override
    public Integer call() throws IOException {
      Duration budget;
      try {
        budget = io.zkorch.spec.Durations.parse(time);
      } catch (IllegalArgumentException e) {
        throw ZkorchException.usage("--time: " + e.getMessage() + ".");
      }
      if (states < 1) {
        throw ZkorchException.usage("--states must be at least 1, not " + states + ".");
      }
      Histories.Read history;
      try (BufferedReader in = file.equals("-")
          ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        history = Histories.read(in);
      } catch (NoSuchFileException e) {
        throw ZkorchException.usage("There is no history at " + file + ".");
      } catch (Histories.Malformed e) {
        throw ZkorchException.usage(file + " is not a register history: " + e.getMessage() + ".");
      }
      List<Op> ops = history.ops();
      long processes = ops.stream().map(Op::process).distinct().count();
      long doubt = ops.stream().filter(Op::inDoubt).count();
      Linearizability.Result r = new Linearizability(new Linearizability.Budget(budget, states)).check(ops);
      System.out.printf(Locale.ROOT, "%s: %d operations (%d in doubt), %d processes, %d %s%n", file, ops.size(),
          doubt, processes, r.keys(), r.keys() == 1 ? "register" : "registers");
      String took = String.format(Locale.ROOT, "%.2f s, %d states", r.elapsed().toMillis() / 1000.0, r.states());
      switch (r.verdict()) {
        case LINEARIZABLE -> {
          System.out.println("Verdict: LINEARIZABLE (" + took + ")");
          return 0;
        }
        case UNKNOWN -> {
          System.out.println("Verdict: UNKNOWN — " + r.why() + " (" + took + "); not a pass: raise --time or"
              + " --states, or check a shorter history");
          return EXIT_UNKNOWN;
        }
        default -> {
          System.out.print(io.zkorch.linear.Counterexamples.block(r.counterexample(), history::server));
          System.out.println("Verdict: NOT LINEARIZABLE (" + took + ")");
          return ZkorchException.EXIT_FAILURE;
        }
      }
    }
  }
}
