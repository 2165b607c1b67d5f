package io.zkorch.fault;

import io.zkorch.spec.Fault;
import io.zkorch.progress.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link FaultPlan} on its own thread while a scenario's workers run: inject, hold, heal, wait for the
 * quorum, repeat; when stopped it heals whatever is still broken.
 */
public final class FaultSchedule implements AutoCloseable {

  private final Faults faults;
  private final FaultPlan plan;
  private final Faults.Aim aim;
  private final Duration window;
  private final Progress progress;
  private final List<FaultEvent> events = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Runnable awaitWorkers;
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * @param window faults are injected (and healed) within this time from when the workers have started
   * @param awaitWorkers blocks until the workers have started (their start gate)
   */
  public FaultSchedule(Faults faults, FaultPlan plan, Faults.Aim aim, Duration window, Progress progress,
      Runnable awaitWorkers) {
    this.faults = faults;
    this.plan = plan;
    this.aim = aim;
    this.window = window;
    this.progress = progress;
    this.awaitWorkers = awaitWorkers;
    this.thread = new Thread(this::run, "zkorch-faults");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    awaitWorkers.run();
    long begin = System.nanoTime();
    long end = begin + window.toNanos();
    for (int i = 0; !stopping; i++) {
      Fault f = plan.faults().get(i % plan.faults().size());
      long at = begin + plan.interval().multipliedBy(i + 1L).toNanos();
      Duration hold = plan.holdFor(f);
      Duration settle = plan.settle();
      if (at + hold.toNanos() + settle.toNanos() > end || !sleepUntil(at)) {
        return;
      }
      if (System.nanoTime() + hold.toNanos() + settle.toNanos() > end) {
        return; // the last heal ran late (a member's task took long to start): no time left for this one
      }
      FaultEvent event;
      try {
        event = faults.inject(f, aim);
      } catch (RuntimeException e) {
        record(f.id() + " could not be injected: " + e.getMessage());
        continue;
      }
      progress.detail("fault: " + event.describe());
      synchronized (events) {
        events.add(event);
      }
      sleepUntil(System.nanoTime() + hold.toNanos()); // a stop cuts the fault short; it is healed either way
      try {
        FaultEvent healed = faults.heal(event);
        synchronized (events) {
          events.set(events.indexOf(event), healed);
        }
        if (!faults.awaitLeader(Set.of(), Duration.ofSeconds(60)).isPresent()) {
          record("no serving leader within 60 s after healing " + event.fault().id());
        }
      } catch (RuntimeException e) {
        record("healing " + event.describe() + " failed: " + e.getMessage());
      }
    }
  }

  private void record(String problem) {
    synchronized (problems) {
      problems.add(problem);
    }
    progress.detail("fault: " + problem);
  }

  /** Sleeps until {@code nanoTime}; false when stopped first. */
  private boolean sleepUntil(long nanoTime) {
    try {
      while (!stopping) {
        long left = nanoTime - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Stops injecting, heals what the current fault broke and returns every fault that happened. */
  public List<FaultEvent> stop() {
    stopping = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(120));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** What went wrong while injecting or healing (a fault that could not be placed is not silently skipped). */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
