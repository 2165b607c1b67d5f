package io.zkorch;

import java.nio.file.Path;

/** zkorch's state folder: {@code zkorch.home} (tests), else {@code ZKORCH_HOME}, else {@code ~/.zkorch}. */
public final class ZkorchHome {

  /** The environment variable that moves the state folder. */
  public static final String ENV = "ZKORCH_HOME";

  private ZkorchHome() {}

  public static Path path() {
    String property = System.getProperty("zkorch.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".zkorch");
  }
}
