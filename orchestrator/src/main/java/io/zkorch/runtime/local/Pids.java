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
    Files.writeString(file, p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
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
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started == 0
          || p.info().startInstant().map(Instant::toEpochMilli).orElse(started) == started);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
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
