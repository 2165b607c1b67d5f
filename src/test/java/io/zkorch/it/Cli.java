package io.zkorch.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs zkorch's CLI jar (or any command) in its own process, as a user's shell would, and keeps what it printed. */
final class Cli {

  /** How a process ended and what it printed. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final Path dir;

  /** @param dir where the output files go (a test's temporary directory) */
  Cli(Path dir) {
    this.dir = dir;
  }

  /** The CLI's jar in its own JVM, with {@code env} on top of this one's (minus Testcontainers' host override). */
  Run zkorch(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("zkorch.jar")));
    cmd.addAll(List.of(args));
    List<String> unset = env.containsKey("TESTCONTAINERS_HOST_OVERRIDE") ? List.of()
        : List.of("TESTCONTAINERS_HOST_OVERRIDE");
    return run(cmd, env, unset, Duration.ofMinutes(5));
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs {@code cmd} with {@code env} added and {@code unset} removed; an assertion error past the timeout. */
  Run run(List<String> cmd, Map<String, String> env, List<String> unset, Duration timeout) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      unset.forEach(pb.environment()::remove);
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(ItSupport.timeout(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeout + ":\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A command on this machine (docker CLI, scripts) with a short timeout. */
  Run run(String... cmd) {
    return run(List.of(cmd), Map.of(), List.of(), Duration.ofMinutes(5));
  }
}
