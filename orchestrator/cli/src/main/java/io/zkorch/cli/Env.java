package io.zkorch.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables zkorch reads ({@code ZKORCH_FILE}, {@code ZKORCH_CLUSTER}, {@code LANG}...), through one
 * door so that in-process tests can set them.
 */
final class Env {

  private static volatile Map<String, String> overrides = Map.of();

  private Env() {}

  /** The variable's value, or empty when it is unset or blank. */
  static Optional<String> get(String name) {
    String v = overrides.containsKey(name) ? overrides.get(name) : System.getenv(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** Tests: run {@code body} with {@code values} in place of the process environment (null values unset one). */
  static <T> T with(Map<String, String> values, java.util.function.Supplier<T> body) {
    Map<String, String> before = overrides;
    overrides = new HashMap<>(values);
    try {
      return body.get();
    } finally {
      overrides = before;
    }
  }
}
