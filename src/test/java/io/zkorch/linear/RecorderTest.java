package io.zkorch.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording API users put around their own code: threads, outcomes, the verdict and the file. */
class RecorderTest {

  @TempDir Path dir;

  /** A register shared by threads: correct with a lock, and a "cache" that serves a stale value. */
  @Test
  void threadsRecordAnAtomicRegisterAsLinearizableAndAStaleCacheIsCaught() throws Exception {
    Object lock = new Object();
    AtomicReference<String> register = new AtomicReference<>();
    Recorder good = new Recorder();
    run(good, () -> register.get(), v -> register.set(v), lock);
    good.assertLinearizable();
    assertTrue(good.history().size() >= 400);

    // the planted bug: each thread remembers what it last saw and answers reads from that memory
    Recorder stale = new Recorder();
    ThreadLocal<String> cache = new ThreadLocal<>();
    run(stale, () -> {
      String v = cache.get() != null ? cache.get() : register.get();
      cache.set(v);
      return v;
    }, v -> register.set(v), lock);
    AssertionError e = assertThrows(AssertionError.class, stale::assertLinearizable);
    assertTrue(e.getMessage().startsWith("Not linearizable: ") && e.getMessage().contains("no order reaches the"
        + " completion of"), e.getMessage());
    // the same history, written out, is what `zkorch check register` reads
    Path file = dir.resolve("stale.jsonl");
    stale.writeJsonLines(file);
    try (var in = java.nio.file.Files.newBufferedReader(file)) {
      List<Op> read = Histories.parse(in);
      assertEquals(stale.history().size(), read.size());
      assertEquals(Linearizability.Verdict.NOT_LINEARIZABLE,
          new Linearizability(Linearizability.Budget.DEFAULT).check(read).verdict());
    }
  }

  private static void run(Recorder h, java.util.function.Supplier<String> read,
      java.util.function.Consumer<String> write, Object lock) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String process = "t" + t;
      threads.add(new Thread(() -> {
        java.util.Random r = new java.util.Random(process.hashCode());
        for (int i = 0; i < 120; i++) {
          if (r.nextBoolean()) {
            Recorder.Call c = h.invoke(process, Op.F.READ, null);
            String v;
            synchronized (lock) {
              v = read.get();
            }
            c.ok(v);
          } else {
            String v = Integer.toString(r.nextInt(5));
            Recorder.Call c = h.invoke(process, Op.F.WRITE, v);
            synchronized (lock) {
              write.accept(v);
            }
            c.ok();
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  @Test
  void callsEndOnceOneAtATimePerProcessAndOpenOnesAreInDoubt() {
    Recorder h = new Recorder();
    Recorder.Call w = h.invoke("a", Op.F.WRITE, "1");
    assertThrows(IllegalStateException.class, () -> h.invoke("a", Op.F.READ, null));
    Recorder.Call r = h.invoke("b", Op.F.READ, null);
    r.ok("1"); // a read concurrent with the open write may see it
    assertThrows(IllegalStateException.class, () -> r.ok("1"));
    h.assertLinearizable();
    assertEquals(Op.Outcome.INFO, h.history().get(0).outcome(), "an open write is in doubt");
    Recorder.Call cas = h.cas("c", "7", "8");
    cas.fail();
    assertEquals(1, h.failed());
    assertEquals(2, h.history().size(), "a failed call is not in the history");
  }
}
