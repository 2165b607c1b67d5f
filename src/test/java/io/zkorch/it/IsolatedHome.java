package io.zkorch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own zkorch state folder ({@code zkorch.home}: local clusters, secrets), set before its
 * {@code @BeforeAll} methods and put back (and deleted) after its {@code @AfterAll} ones. Register it as a static
 * field: {@code @RegisterExtension static final IsolatedHome HOME = new IsolatedHome();}.
 */
final class IsolatedHome implements BeforeAllCallback, AfterAllCallback {

  private Path home;
  private String previous;

  Path path() {
    return home;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    home = Files.createTempDirectory("zkorch-home-");
    previous = System.getProperty("zkorch.home");
    System.setProperty("zkorch.home", home.toString());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (previous == null) {
      System.clearProperty("zkorch.home");
    } else {
      System.setProperty("zkorch.home", previous);
    }
    try (var walk = Files.walk(home)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
