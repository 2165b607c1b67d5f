package io.zkorch.linear;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Register histories made up for tests and the checker's benchmark: {@code processes} clients run reads, writes and
 * compare-and-sets against one true register (per key), each operation taking effect at one instant between its
 * invocation and its completion — so the history is linearizable by construction, as concurrent as the intervals
 * make it. {@link #staleRead} then breaks one.
 */
public final class Generated {

  private Generated() {}

  /**
   * A linearizable history of {@code count} operations by {@code processes} processes over {@code keys} registers
   * (null key when one), values 0..4 (so that reads, writes and cas collide), some operations in doubt.
   */
  public static List<Op> linearizable(long seed, int processes, int count, int keys) {
    Random r = new Random(seed);
    long[] free = new long[processes]; // when each process may invoke next
    int[] incarnation = new int[processes]; // after an operation in doubt a process goes on under a new name
    record Planned(String process, String key, Op.F f, String arg, String expected, long call, long at, long ret,
        boolean info) {}
    List<Planned> planned = new ArrayList<>();
    // failed cas are not in a history: plan more, and keep the first count by the instant they take effect (a prefix
    // in that order is still linearizable)
    for (int i = 0; i < count * 2 + 10; i++) {
      int p = r.nextInt(processes);
      long call = free[p] + r.nextInt(20);
      long at = call + 1 + r.nextInt(40);
      long ret = at + 1 + r.nextInt(40);
      free[p] = ret + 1;
      Op.F f = Op.F.values()[r.nextInt(3)];
      String key = keys <= 1 ? null : "k" + r.nextInt(keys);
      boolean info = r.nextInt(50) == 0 && f != Op.F.READ;
      String name = "p" + p + (incarnation[p] == 0 ? "" : "." + incarnation[p]);
      if (info) {
        incarnation[p]++;
      }
      planned.add(new Planned(name, key, f, Integer.toString(r.nextInt(5)), Integer.toString(r.nextInt(5)), call,
          at, ret, info));
    }
    // apply each at its instant, in instant order, to the true registers
    planned.sort(Comparator.comparingLong(Planned::at));
    java.util.Map<String, String> registers = new java.util.HashMap<>();
    List<Op> ops = new ArrayList<>();
    for (Planned pl : planned) {
      if (ops.size() == count) {
        break;
      }
      String k = pl.key() == null ? "" : pl.key();
      String now = registers.get(k);
      switch (pl.f()) {
        case READ -> ops.add(new Op(0, pl.process(), pl.key(), Op.F.READ, now, null, pl.call(), pl.ret(),
            Op.Outcome.OK));
        case WRITE -> {
          registers.put(k, pl.arg());
          ops.add(new Op(0, pl.process(), pl.key(), Op.F.WRITE, pl.arg(), null, pl.call(),
              pl.info() ? Long.MAX_VALUE : pl.ret(), pl.info() ? Op.Outcome.INFO : Op.Outcome.OK));
        }
        case CAS -> {
          if (java.util.Objects.equals(now, pl.expected())) {
            registers.put(k, pl.arg());
            ops.add(new Op(0, pl.process(), pl.key(), Op.F.CAS, pl.arg(), pl.expected(), pl.call(),
                pl.info() ? Long.MAX_VALUE : pl.ret(), pl.info() ? Op.Outcome.INFO : Op.Outcome.OK));
          }
          // a cas that did not match failed: it is not in the history
        }
      }
    }
    ops.sort(Comparator.comparingLong(Op::call));
    List<Op> numbered = new ArrayList<>();
    for (Op o : ops) {
      numbered.add(new Op(numbered.size(), o.process(), o.key(), o.f(), o.value(), o.expected(), o.call(), o.ret(),
          o.outcome()));
    }
    return numbered;
  }

  /**
   * {@code history} with its last read that follows a completed write of another value changed to read the value
   * before that write: a stale read no order explains. Empty when the history has no such read.
   */
  public static java.util.Optional<List<Op>> staleRead(List<Op> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      Op read = history.get(i);
      if (read.f() != Op.F.READ || read.inDoubt()) {
        continue;
      }
      // a value that was certainly overwritten before this read began: written, then overwritten, both completed
      for (int j = 0; j < i; j++) {
        Op w = history.get(j);
        if (w.f() != Op.F.WRITE || w.inDoubt() || w.ret() >= read.call() || !java.util.Objects.equals(w.key(),
            read.key()) || java.util.Objects.equals(w.value(), read.value())) {
          continue;
        }
        // an overwrite with another value between the write and the read, after which nothing can bring the value back
        boolean certain = false;
        for (Op o : history) {
          if (o == w || o.f() == Op.F.READ || o.inDoubt() || !java.util.Objects.equals(o.key(), read.key())
              || java.util.Objects.equals(o.value(), w.value()) || o.call() <= w.ret() || o.ret() >= read.call()) {
            continue;
          }
          boolean back = false;
          for (Op x : history) {
            if (x != w && x.f() != Op.F.READ && java.util.Objects.equals(x.key(), read.key())
                && java.util.Objects.equals(x.value(), w.value()) && x.ret() >= o.call() && x.call() <= read.ret()) {
              back = true;
              break;
            }
          }
          if (!back) {
            certain = true;
            break;
          }
        }
        if (!certain) {
          continue;
        }
        List<Op> broken = new ArrayList<>(history);
        broken.set(i, new Op(read.id(), read.process(), read.key(), Op.F.READ, w.value(), null, read.call(),
            read.ret(), Op.Outcome.OK));
        return java.util.Optional.of(broken);
      }
    }
    return java.util.Optional.empty();
  }
}
