package io.zkorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rooms of STYLE.md, held by a scan of the sources: who may print, who may use docker-java, who may see cli. */
class ArchitectureTest {

  private static final Path MAIN = Path.of("orchestrator/src/main/java/io/zkorch");

  private static List<String> offenders(String needle, String... allowedRooms) throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> Stream.of(allowedRooms).noneMatch(room -> MAIN.relativize(f).toString().startsWith(room)))
          .filter(f -> {
            try {
              return Files.readString(f).contains(needle);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(f -> MAIN.relativize(f).toString()).sorted().toList();
    }
  }

  @Test
  void onlyTheCliPrints() throws IOException {
    assertEquals(List.of(), offenders("System.out", "cli/"));
    assertEquals(List.of(), offenders("System.err", "cli/"));
  }

  @Test
  void onlyImagesAndTheDockerRuntimeUseDockerJava() throws IOException {
    // and the Testcontainers module, whose container modifiers are docker-java commands
    assertEquals(List.of(), offenders("com.github.dockerjava", "image/", "runtime/docker/", "testcontainers/"));
  }

  @Test
  void dependenciesPointAwayFromTheCli() throws IOException {
    assertEquals(List.of(), offenders("io.zkorch.cli", "cli/"));
  }
}
