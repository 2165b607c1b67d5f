package io.zkorch.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process recorded by its pid and start time: a pid alone may have been reused by an unrelated process after a
 * reboot or a crash, so a process counts as ours only when both match.
 */
final class Pids {

  private Pids() {}

  static void write(Path file, ProcessHandle p) throws IOException {
    // whole or not at all: a reader (another zkorch, a test) never sees the file empty or half written
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The live process the file names, if it is still the one that was started. */
  static Optional<ProcessHandle> read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String[] parts = Files.readString(file).strip().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
      return ProcessHandle.of(pid).filter(Pids::alive).filter(p -> started == 0
          || p.info().startInstant().map(Instant::toEpochMilli).orElse(started) == started);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Alive and not a zombie. Members are detached, so their parent is the system's init, which may reap a dead one
   * only seconds later; until then the JDK still calls it alive.
   */
  static boolean alive(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return p.isAlive(); // no /proc (macOS): the JDK's answer
    }
  }

  /** Sends a signal by name (STOP, CONT) with the system's kill command: Java has no API for them. */
  static void signal(ProcessHandle p, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).redirectErrorStream(true)
          .start();
      kill.getInputStream().readAllBytes();
      kill.waitFor();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
