package io.zkorch.linear;

import java.nio.file.Path;
import java.util.List;

/**
 * Records what your own lock code did — acquisitions and releases, from as many threads as it runs on — and checks
 * that it was a mutex: no order of the calls, consistent with when each began and ended, lets two holders hold at
 * once. This is Jepsen's lock check, on the same checker as the register: an acquisition by P is a compare-and-set of
 * the lock from free (nil) to P, a release one from P back to free, so the stretch of history a violation shows reads
 * {@code client-2 cas nil→client-2} (client-2 acquired while client-1 still held it).
 *
 * <pre>{@code
 * LockHistory locks = new LockHistory();
 * LockHistory.Call a = locks.acquire("client-1");
 * if (myLock.tryLock(5, SECONDS)) a.ok(); else a.fail();   // fail: it certainly did not get it
 * ... the work under the lock ...
 * LockHistory.Call r = locks.release("client-1");
 * myLock.unlock(); r.ok();
 * // when the lock may have been lost (the session expired, the connection was suspended) without a release:
 * locks.release("client-1").info();                          // it may be free from now on
 * locks.assertMutualExclusion();
 * }</pre>
 *
 * A process acquires and releases in turn. A release it does not make ends its holding only if it is recorded, as
 * {@code info} when the lock was lost rather than released: a lock client that notices it lost its session and says
 * so passes; one that carries on as the holder, and releases later, is caught.
 */
public final class LockHistory {

  private final Recorder recorder = new Recorder();
  private final String key;

  /** A history of one lock. */
  public LockHistory() {
    this(null);
  }

  /** A history of the lock {@code name} (several locks can share a history: one key each). */
  public LockHistory(String name) {
    this.key = name;
  }

  /** One acquisition or release, to be ended once. */
  public static final class Call {
    private final Recorder.Call call;

    private Call(Recorder.Call call) {
      this.call = call;
    }

    /** It happened: the lock was acquired, or released. */
    public void ok() {
      call.ok();
    }

    /** It certainly did not happen (the acquisition timed out without holding; nothing was sent). */
    public void fail() {
      call.fail();
    }

    /** Its outcome is unknown: the acquisition may hold, the lock may be free (a lost session, a lost connection). */
    public void info() {
      call.info();
    }
  }

  /** {@code process} begins to acquire the lock. */
  public Call acquire(String process) {
    return new Call(recorder.invoke(process, key, Op.F.CAS, process, null));
  }

  /** {@code process} begins to release the lock (or, with {@link Call#info()}, says it may have lost it). */
  public Call release(String process) {
    return new Call(recorder.invoke(process, key, Op.F.CAS, null, process));
  }

  /** The history so far, as the register checker sees it. */
  public List<Op> history() {
    return recorder.history();
  }

  /** The checker's verdict within {@code budget}. */
  public Linearizability.Result check(Linearizability.Budget budget) {
    return recorder.check(budget);
  }

  /**
   * Nothing when no two processes held the lock at once; otherwise an AssertionError naming the stretch of history no
   * order explains — or, when the checker's budget runs out, one saying so (never a pass).
   */
  public void assertMutualExclusion() {
    Linearizability.Result r = check(Linearizability.Budget.DEFAULT);
    switch (r.verdict()) {
      case LINEARIZABLE -> {
        // some order of the calls has one holder at a time
      }
      case UNKNOWN -> throw new AssertionError("Mutual exclusion unknown: " + r.why() + " (" + r.operations()
          + " calls); check a shorter history");
      default -> throw new AssertionError("Two holders at once (an acquisition is cas nil→PROCESS, a release cas"
          + " PROCESS→nil): " + Counterexamples.describe(r.counterexample()));
    }
  }

  /** The history as JSON lines, for {@code zkorch check register} (the same encoding) or Knossos and Porcupine. */
  public void writeJsonLines(Path file) {
    recorder.writeJsonLines(file);
  }
}
