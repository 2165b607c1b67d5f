import io.zkorch.linear.Generated;
import io.zkorch.linear.Linearizability;
import io.zkorch.linear.Op;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The register checker's speed: generated linearizable histories (one register, values 0..4, some writes in doubt)
 * of OPS operations by PROCESSES processes, checked ROUNDS times; prints the median time and the peak heap used.
 *   java -Xmx4g -cp target/zkorch-all.jar bench/CheckerSpeed.java OPS PROCESSES ROUNDS
 *   java -Xmx4g -cp target/zkorch-all.jar bench/CheckerSpeed.java pathological BUDGET_MS
 */
public class CheckerSpeed {
  public static void main(String[] args) {
    if (args[0].equals("pathological")) {
      // 40 concurrent writes of distinct values and a read no write explains: every order has to be tried
      List<Op> h = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        h.add(new Op(i, "p" + i, null, Op.F.WRITE, Integer.toString(i), null, 0, 1000, Op.Outcome.OK));
      }
      h.add(new Op(40, "p40", null, Op.F.READ, "nobody", null, 0, 1000, Op.Outcome.OK));
      long budget = Long.parseLong(args[1]);
      resetPeaks();
      Linearizability.Result r = new Linearizability(new Linearizability.Budget(Duration.ofMillis(budget),
          20_000_000)).check(h);
      System.out.printf("pathological (41 ops, all concurrent), budget %d ms: %s after %.2f s, %d states, peak heap %d MB (%s)%n",
          budget, r.verdict(), r.elapsed().toMillis() / 1000.0, r.states(), peakMb(), r.why());
      return;
    }
    int ops = Integer.parseInt(args[0]);
    int processes = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<Op> h = Generated.linearizable(42, processes, ops, 1);
    List<Double> times = new ArrayList<>();
    long peak = 0;
    Linearizability.Result r = null;
    for (int i = 0; i < rounds; i++) {
      System.gc();
      resetPeaks();
      r = new Linearizability(Linearizability.Budget.DEFAULT).check(h);
      times.add(r.elapsed().toNanos() / 1e9);
      peak = Math.max(peak, peakMb());
      if (r.verdict() != Linearizability.Verdict.LINEARIZABLE) {
        throw new IllegalStateException("a generated history must be linearizable: " + r);
      }
    }
    times.sort(null);
    System.out.printf("%7d ops, %2d processes: median %.3f s of %d, %d states, peak heap %d MB%n", h.size(),
        processes, times.get(times.size() / 2), rounds, r.states(), peak);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / (1024 * 1024);
  }
}
