package io.zkorch.it;

import io.zkorch.cli.DockerClients;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Marks a test class that needs a real Docker engine. Without one the class is skipped — except under
 * {@code CI=true}, where it fails: CI must never pass by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerTest.Condition.class)
public @interface DockerTest {

  /** Checks for an engine once per class. */
  final class Condition implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      if (DockerClients.available()) {
        return;
      }
      String message = "no Docker engine answers (start dockerd, or point DOCKER_HOST at one)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and " + message + "; Docker tests must run in CI, not skip");
      }
      throw new TestAbortedException(message);
    }
  }
}
