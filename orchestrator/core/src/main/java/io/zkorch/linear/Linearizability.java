package io.zkorch.linear;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A linearizability checker for read/write/compare-and-set registers: the Wing &amp; Gong search with Lowe's
 * memoisation, as Knossos and Porcupine do it, one register (key) at a time (linearizability is compositional).
 *
 * <p>The search walks the history's call and return events in time order. At a call it tries to linearize that
 * operation now (the register model must accept it, and the pair of "which operations are linearized" and "the
 * register's value" must not have been seen before: Lowe's cache); at a return whose operation is not linearized
 * yet it backtracks. An operation in doubt (Jepsen's {@code info}) returns at infinity: it may take effect at any
 * point after its call, or (linearized last) never.
 *
 * <p>It runs within a budget of time and of memoised states; when either runs out the verdict is
 * {@link Verdict#UNKNOWN}, never a pass.
 */
public final class Linearizability {

  /** A register check's verdict. */
  public enum Verdict {
    LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN
  }

  /**
   * The budget of one check (over all keys).
   *
   * @param time how long the search may run
   * @param states how many (linearized set, value) pairs it may remember; each costs about one bit per operation
   */
  public record Budget(Duration time, long states) {
    public static final Budget DEFAULT = new Budget(Duration.ofSeconds(60), 20_000_000);
  }

  /**
   * Where a register's history cannot be linearized.
   *
   * @param key the register
   * @param linearized how many of its operations the longest linearization found put in order
   * @param stuck the operation whose completion no order could reach
   * @param value the register's value after the longest linearization
   * @param stretch the operations concurrent with the stuck one, from the first not linearized: the smallest stretch
   *     of history the search could not get past, in call order
   * @param order the longest linearization's last operations (up to 8), in order
   */
  public record Counterexample(String key, int linearized, Op stuck, String value, List<Op> stretch,
      List<Op> order) {}

  /**
   * A check's outcome.
   *
   * @param verdict linearizable, not, or unknown (the budget ran out)
   * @param operations how many operations were checked (failed ones are left out)
   * @param keys how many registers
   * @param states how many states the search remembered
   * @param elapsed how long it took
   * @param counterexample where it failed, when it did
   * @param why for unknown: which budget ran out
   */
  public record Result(Verdict verdict, int operations, int keys, long states, Duration elapsed,
      Counterexample counterexample, String why) {}

  private final Budget budget;

  public Linearizability(Budget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** Checks a whole history: each key on its own, in the order keys first appear. */
  public Result check(List<Op> history) {
    long start = System.nanoTime();
    long deadline = start + budget.time().toNanos();
    Map<String, List<Op>> byKey = new LinkedHashMap<>();
    for (Op op : history) {
      byKey.computeIfAbsent(op.key() == null ? "" : op.key(), k -> new ArrayList<>()).add(op);
    }
    long states = 0;
    String unknown = null;
    for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
      Search s = new Search(e.getValue(), deadline, budget.states() - states);
      Verdict v = s.run();
      states += s.remembered;
      if (v == Verdict.NOT_LINEARIZABLE) {
        return new Result(v, history.size(), byKey.size(), states, Duration.ofNanos(System.nanoTime() - start),
            s.counterexample(e.getKey().isEmpty() ? null : e.getKey()), null);
      }
      if (v == Verdict.UNKNOWN && unknown == null) {
        unknown = s.why;
      }
    }
    return new Result(unknown == null ? Verdict.LINEARIZABLE : Verdict.UNKNOWN, history.size(), byKey.size(), states,
        Duration.ofNanos(System.nanoTime() - start), null, unknown);
  }

  /** The register model: the value after {@code op}, or {@link #REFUSED} when {@code op} cannot happen now. */
  static final Object REFUSED = new Object();

  static Object step(String state, Op op) {
    return switch (op.f()) {
      case READ -> op.inDoubt() || Objects.equals(state, op.value()) ? state : REFUSED;
      case WRITE -> op.value();
      case CAS -> {
        if (Objects.equals(state, op.expected())) {
          yield op.value();
        }
        // a cas in doubt that did not match failed, which leaves the register as it was
        yield op.inDoubt() ? state : REFUSED;
      }
    };
  }

  /** One key's search. */
  private static final class Search {
    /** A call or return event in the doubly linked list the search lifts operations out of. */
    private static final class Entry {
      final Op op;
      final boolean call;
      final long time;
      Entry match; // a call's return
      Entry prev;
      Entry next;

      Entry(Op op, boolean call, long time) {
        this.op = op;
        this.call = call;
        this.time = time;
      }
    }

    private record Frame(Entry entry, String state) {}

    private final List<Op> ops;
    private final long deadline;
    private final long maxStates;
    /**
     * Lowe's cache. A linearized set is kept as its lowest unlinearized operation and the bits from there on: the
     * search linearizes roughly in call order, so that rest is about as long as the history's concurrency, and a
     * state costs tens of bytes instead of a bit per operation of the whole history.
     */
    private record Seen(int lowest, BitSet rest, String state) {}

    private final java.util.Set<Seen> cache = new java.util.HashSet<>();
    long remembered;
    String why;
    private final Entry head = new Entry(null, false, Long.MIN_VALUE);
    private final int[] local; // op id → index in this key's bitset
    private int best = -1;
    private List<Op> bestOrder = List.of();
    private String bestState;
    private Entry bestStuck;
    private BitSet bestSet = new BitSet();

    Search(List<Op> ops, long deadline, long maxStates) {
      this.ops = ops;
      this.deadline = deadline;
      this.maxStates = maxStates;
      int maxId = ops.stream().mapToInt(Op::id).max().orElse(-1);
      local = new int[maxId + 1];
      for (int i = 0; i < ops.size(); i++) {
        local[ops.get(i).id()] = i;
      }
      List<Entry> events = new ArrayList<>();
      for (Op op : ops) {
        Entry c = new Entry(op, true, op.call());
        Entry r = new Entry(op, false, op.ret());
        c.match = r;
        events.add(c);
        events.add(r);
      }
      // by time; at equal times calls first (operations that touch are concurrent), then in the history's order
      events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1)
          .thenComparingInt(e -> e.op.id()));
      Entry prev = head;
      for (Entry e : events) {
        prev.next = e;
        e.prev = prev;
        prev = e;
      }
    }

    Verdict run() {
      BitSet linearized = new BitSet(ops.size());
      int lowest = 0; // the lowest operation not linearized
      List<Frame> calls = new ArrayList<>();
      String state = null; // the register starts empty
      Entry entry = head.next;
      long steps = 0;
      while (head.next != null) {
        if ((++steps & 0xfff) == 0 && System.nanoTime() > deadline) {
          why = "the time budget ran out after " + steps + " steps";
          return Verdict.UNKNOWN;
        }
        boolean backtrack = !entry.call;
        if (entry.call) {
          Object next = step(state, entry.op);
          boolean moved = false;
          // a read the register allows now is put in order now, never later: a read changes nothing, so any order
          // with it later is as good with it here (the pure-operation rule; it spares the search every subset of
          // concurrent reads)
          boolean read = entry.op.f() == Op.F.READ;
          if (next != REFUSED) {
            int bit = local[entry.op.id()];
            linearized.set(bit);
            int nextLowest = bit == lowest ? linearized.nextClearBit(lowest) : lowest;
            String nextState = (String) next;
            if (!remember(nextLowest, linearized, nextState)) {
              linearized.clear(bit); // been here: this order leads nowhere new
              if (read) {
                backtrack = true; // and delaying the read cannot do better
                moved = true;
              }
            } else {
              if (remembered > maxStates) {
                why = "the memory budget of " + maxStates + " states ran out";
                return Verdict.UNKNOWN;
              }
              calls.add(new Frame(entry, state));
              state = nextState;
              lowest = nextLowest;
              lift(entry);
              entry = head.next;
              moved = true;
              if (calls.size() > best) {
                best = calls.size();
                bestState = state;
                bestOrder = calls.subList(Math.max(0, calls.size() - 8), calls.size()).stream()
                    .map(f -> f.entry().op).toList();
                bestStuck = null;
                bestSet = (BitSet) linearized.clone();
              }
            }
          }
          if (!moved) {
            entry = entry.next;
          }
        }
        if (backtrack) {
          // a return whose operation could not be linearized before it (or a read that leads nowhere new)
          if (calls.size() == best && bestStuck == null) {
            bestStuck = entry;
          }
          Frame top;
          do {
            if (calls.isEmpty()) {
              if (bestStuck == null) {
                bestStuck = entry;
              }
              return Verdict.NOT_LINEARIZABLE;
            }
            top = calls.remove(calls.size() - 1);
            state = top.state();
            int bit = local[top.entry().op.id()];
            linearized.clear(bit);
            lowest = Math.min(lowest, bit);
            unlift(top.entry());
            // a read taken out is not then skipped (see above): take out the one before it too
          } while (top.entry().op.f() == Op.F.READ);
          entry = top.entry().next;
        }
      }
      return Verdict.LINEARIZABLE;
    }

    /** Whether (linearized, state) is new; remembers it. */
    private boolean remember(int lowest, BitSet linearized, String state) {
      if (!cache.add(new Seen(lowest, linearized.get(lowest, Math.max(lowest, linearized.length())), state))) {
        return false;
      }
      remembered++;
      return true;
    }

    private static void lift(Entry call) {
      call.prev.next = call.next;
      if (call.next != null) {
        call.next.prev = call.prev;
      }
      Entry ret = call.match;
      ret.prev.next = ret.next;
      if (ret.next != null) {
        ret.next.prev = ret.prev;
      }
    }

    private static void unlift(Entry call) {
      Entry ret = call.match;
      ret.prev.next = ret;
      if (ret.next != null) {
        ret.next.prev = ret;
      }
      call.prev.next = call;
      if (call.next != null) {
        call.next.prev = call;
      }
    }

    Counterexample counterexample(String key) {
      Entry stuck = bestStuck;
      Op op = stuck == null ? ops.get(0) : stuck.op;
      // the stretch: the operations the longest linearization left out that began before the stuck one completed
      List<Op> open = ops.stream().filter(o -> !bestSet.get(local[o.id()])).toList();
      List<Op> stretch = open.stream().filter(o -> o.call() <= op.ret())
          .sorted(Comparator.comparingLong(Op::call)).limit(12).toList();
      return new Counterexample(key, Math.max(best, 0), op, bestState, stretch, bestOrder);
    }
  }
}
