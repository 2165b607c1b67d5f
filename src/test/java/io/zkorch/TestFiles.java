package io.zkorch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures under src/test/resources, and golden files that `-Dzkorch.updateGolden=true` rewrites. */
public final class TestFiles {

  public static final Path RESOURCES = Path.of("src/test/resources");

  private TestFiles() {}

  public static Path path(String relative) {
    return RESOURCES.resolve(relative);
  }

  public static String read(String relative) {
    return read(path(relative));
  }

  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether golden files should be rewritten from the current output instead of compared. */
  public static boolean updateGolden() {
    return Boolean.getBoolean("zkorch.updateGolden");
  }

  /** Compares {@code actual} with the golden file, or rewrites it when asked. Returns the expected text. */
  public static String golden(Path file, String actual) {
    try {
      if (updateGolden() || !Files.exists(file)) {
        if (!updateGolden()) {
          throw new AssertionError("golden file " + file + " is missing; run with -Dzkorch.updateGolden=true once");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, actual);
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
