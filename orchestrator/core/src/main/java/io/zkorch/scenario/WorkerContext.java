package io.zkorch.scenario;

import java.io.PrintStream;
import java.time.Duration;

/**
 * What every worker gets: a connected client, its scenario's base path, its name, and when to stop.
 *
 * @param client a started Curator client on ZK_HOSTS
 * @param base the scenario's znode, such as /zkorch/runs/RUN/lock
 * @param worker this worker's name, such as w3
 * @param duration how long to work
 * @param out where records go (standard output)
 */
public record WorkerContext(
    org.apache.curator.framework.CuratorFramework client, String base, String worker, Duration duration,
    PrintStream out) {

  public Records.Builder record(String type) {
    return Records.record(type, worker);
  }

  /** Microseconds since the epoch: for figures and pictures only, never for ordering across containers. */
  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Records an error (a checked failure, not a crash) with its message. */
  public void error(String what, Exception e) {
    record("error").put("what", what).put("error", e.getClass().getSimpleName() + ": " + e.getMessage()).emit(out);
  }
}
