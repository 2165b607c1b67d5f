package io.zkorch.linear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records what your own code did to a register, from as many threads as it runs on, for
 * {@link Linearizability}: the same checker {@code zkorch run register} uses, around your client code in a JUnit
 * test (with {@code ZooKeeperEnsemble}'s faults).
 *
 * <pre>{@code
 * Recorder history = new Recorder();
 * // in each client thread, around each call of your code:
 * Recorder.Call c = history.invoke("client-1", Op.F.WRITE, "3");
 * try {
 *   store.put("3");
 *   c.ok();
 * } catch (KeeperException.ConnectionLossException e) {
 *   c.info();                      // it may have happened
 * }
 * Recorder.Call r = history.invoke("client-2", Op.F.READ, null);
 * r.ok(store.get());               // what was read (null: empty)
 * // then:
 * history.assertLinearizable();    // AssertionError naming the stretch of history that no order explains
 * }</pre>
 *
 * A {@link Call} ends once: {@code ok} (it happened), {@code fail} (it certainly did not) or {@code info} (in doubt);
 * one never ended is in doubt. A process has one call open at a time; after an {@code info} use another process
 * name, as Jepsen does. Times come from {@link System#nanoTime()}: one JVM's clock.
 */
public final class Recorder {

  private final List<Op> done = new ArrayList<>();
  private final List<Call> open = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicLong failed = new AtomicLong();

  /** One invoked operation, to be ended once. */
  public final class Call {
    private final String process;
    private final String key;
    private final Op.F f;
    private final String value;
    private final String expected;
    private final long call;
    private boolean ended;

    private Call(String process, String key, Op.F f, String value, String expected) {
      this.process = process;
      this.key = key;
      this.f = f;
      this.value = value;
      this.expected = expected;
      this.call = System.nanoTime();
    }

    /** It happened (a write or cas). */
    public void ok() {
      if (f == Op.F.READ) {
        throw new IllegalStateException("a read ends with ok(value read)");
      }
      end(Op.Outcome.OK, value);
    }

    /** The read happened and saw {@code read} (null: the register was empty). */
    public void ok(String read) {
      if (f != Op.F.READ) {
        throw new IllegalStateException("a " + f.id() + " ends with ok()");
      }
      end(Op.Outcome.OK, read);
    }

    /** It certainly did not happen (a cas whose expected value did not match, an error before anything was sent). */
    public void fail() {
      synchronized (Recorder.this) {
        finish();
        open.remove(this);
        failed.incrementAndGet();
      }
    }

    /** Its outcome is unknown (the connection was lost before the answer): it may have happened. */
    public void info() {
      end(Op.Outcome.INFO, f == Op.F.READ ? null : value);
    }

    private void end(Op.Outcome outcome, String v) {
      long ret = outcome == Op.Outcome.INFO ? Long.MAX_VALUE : System.nanoTime();
      synchronized (Recorder.this) {
        finish();
        open.remove(this);
        done.add(new Op(0, process, key, f, v, expected, call, ret, outcome));
      }
    }

    private void finish() {
      if (ended) {
        throw new IllegalStateException("this " + f.id() + " of " + process + " has already ended");
      }
      ended = true;
    }
  }

  /** {@code process} invokes {@code f} on the one register: value written, or null for a read. */
  public Call invoke(String process, Op.F f, String value) {
    return invoke(process, null, f, value, null);
  }

  /** {@code process} invokes a cas of the one register from {@code expected} to {@code value}. */
  public Call cas(String process, String expected, String value) {
    return invoke(process, null, Op.F.CAS, value, expected);
  }

  /** {@code process} invokes {@code f} on register {@code key} (cas: {@code expected} to {@code value}). */
  public synchronized Call invoke(String process, String key, Op.F f, String value, String expected) {
    for (Call c : open) {
      if (c.process.equals(process)) {
        throw new IllegalStateException(process + " invokes " + f.id() + " while its " + c.f.id() + " is open");
      }
    }
    ids.incrementAndGet();
    Call c = new Call(process, key, f, value, expected);
    open.add(c);
    return c;
  }

  /** The history so far: ended operations, and open ones in doubt; failed ones left out. */
  public synchronized List<Op> history() {
    List<Op> all = new ArrayList<>(done);
    for (Call c : open) {
      all.add(new Op(0, c.process, c.key, c.f, c.f == Op.F.READ ? null : c.value, c.expected, c.call,
          Long.MAX_VALUE, Op.Outcome.INFO));
    }
    all.sort(Comparator.comparingLong(Op::call));
    List<Op> numbered = new ArrayList<>(all.size());
    for (Op o : all) {
      numbered.add(new Op(numbered.size(), o.process(), o.key(), o.f(), o.value(), o.expected(), o.call(), o.ret(),
          o.outcome()));
    }
    return numbered;
  }

  /** How many calls ended as {@code fail}. */
  public long failed() {
    return failed.get();
  }

  /** The checker's verdict on the history so far, within {@code budget}. */
  public Linearizability.Result check(Linearizability.Budget budget) {
    return new Linearizability(budget).check(history());
  }

  /**
   * Nothing when the history is linearizable; otherwise an AssertionError naming the stretch of history no order
   * explains — or, when the checker's budget runs out, one saying so (never a pass).
   */
  public void assertLinearizable() {
    Linearizability.Result r = check(Linearizability.Budget.DEFAULT);
    switch (r.verdict()) {
      case LINEARIZABLE -> {
        // the history has an order that explains every read
      }
      case UNKNOWN -> throw new AssertionError("Linearizability unknown: " + r.why() + " (" + r.operations()
          + " operations); check a shorter history");
      default -> throw new AssertionError("Not linearizable: " + Counterexamples.describe(r.counterexample()));
    }
  }

  /** The history as JSON lines ({@link Histories}), for {@code zkorch check register} or Knossos and Porcupine. */
  public void writeJsonLines(Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      Histories.writeAll(out, history());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
