package io.zkorch.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads files zkorch ships on its classpath (images/, templates/). */
final class Resources {

  private Resources() {}

  static byte[] bytes(String path) {
    try (InputStream in = Resources.class.getResourceAsStream("/io/zkorch/" + path)) {
      if (in == null) {
        throw new IllegalStateException("io/zkorch/" + path + " is missing from zkorch's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
