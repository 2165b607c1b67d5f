package io.zkorch.runtime.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process that made a cluster from test code (a JVM running {@code ZooKeeperEnsemble}), recorded in labels on
 * every container and network of it. When that process is gone — killed, or exited without stopping the ensemble —
 * the cluster is an orphan, and {@code zkorch gc} (or the next ensemble's start) removes it. This is what Ryuk does
 * for Testcontainers, done lazily and without a helper container, so it works where Ryuk cannot be pulled.
 *
 * @param host the host name the process ran on (pids are only comparable on the same host)
 * @param pid its process id
 * @param started when it started, in milliseconds since the epoch (a reused pid has another start time)
 */
public record Owner(String host, long pid, long started) {

  public static final String HOST = "io.zkorch.owner-host";
  public static final String PID = "io.zkorch.owner-pid";
  public static final String STARTED = "io.zkorch.owner-started";

  /** This JVM. */
  public static Owner current() {
    ProcessHandle self = ProcessHandle.current();
    return new Owner(hostName(), self.pid(), startMillis(self).orElse(0L));
  }

  /** The labels that record this owner. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(HOST, host);
    labels.put(PID, Long.toString(pid));
    labels.put(STARTED, Long.toString(started));
    return labels;
  }

  /** The owner recorded in {@code labels}, if any. */
  public static Optional<Owner> of(Map<String, String> labels) {
    if (labels == null || !labels.containsKey(PID) || !labels.containsKey(HOST)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Owner(labels.get(HOST), Long.parseLong(labels.get(PID)),
          Long.parseLong(labels.getOrDefault(STARTED, "0"))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this owner is certainly gone: it ran on this host, and no process with its pid and start time lives.
   * Owners on other hosts are never judged (their pids mean nothing here).
   */
  public boolean gone() {
    if (!host.equals(hostName())) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    Optional<Long> start = startMillis(p.get());
    // start times from /proc are rounded differently across reads: allow a second
    return started != 0 && start.isPresent() && Math.abs(start.get() - started) > 1000;
  }

  private static Optional<Long> startMillis(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli);
  }

  private static String hostName() {
    try {
      // the kernel's name for this host (a container's own inside one); no DNS lookup
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (java.io.IOException | RuntimeException notLinux) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
