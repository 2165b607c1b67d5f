package io.zkorch.spec;

import java.time.Duration;
import java.util.Map;

/**
 * A scenario declared in cluster.yaml (or built from `zkorch run` flags).
 *
 * @param name unique name, such as lock-5
 * @param kind which recipe is exercised
 * @param workers how many workers (for config: watchers; the writer is extra)
 * @param duration how long the workers work
 * @param params kind-specific knobs: updates, intervalMs, holdMs, rounds, items, unsafe, dropFinal; and for every
 *     kind perContainer, the most workers one app container runs as threads, each with its own client and session
 *     (default 8: on a small machine a JVM per worker, not the ensemble, would limit the run; 1 isolates each
 *     worker in its own container, as faults against single workers need)
 * @param faults the faults injected while it runs, or null for none
 */
public record ScenarioSpec(String name, ScenarioType kind, int workers, Duration duration, Map<String, String> params,
    FaultsSpec faults) {

  /** The parameter every kind takes: the most workers one app container runs as threads. */
  public static final String PER_CONTAINER = "perContainer";
  /** Where {@code scenarios[].image} is kept: the user's own worker image, or absent for zkorch's workers. */
  public static final String IMAGE = "image";

  public ScenarioSpec {
    params = Map.copyOf(params);
  }

  /** The user's own worker image ({@code scenarios[].image}), or null for zkorch's workers. */
  public String image() {
    return params.get(IMAGE);
  }

  /** Whether the user (file or flag) set a parameter. */
  public boolean hasParam(String key) {
    return params.containsKey(key);
  }

  /** A parameter, or its default. */
  public String param(String key) {
    return params.getOrDefault(key, key.equals(PER_CONTAINER) ? "8" : kind.params().get(key));
  }

  public int intParam(String key) {
    return Integer.parseInt(param(key));
  }

  public boolean flag(String key) {
    return Boolean.parseBoolean(param(key));
  }

  /** A scenario of the kind named {@code kind} (lock, config, …), with defaults for what is unset. */
  public static ScenarioSpec of(String name, String kind, Integer workers, Duration duration, Map<String, String> p) {
    return of(name, ScenarioTypes.of(kind), workers, duration, p, null);
  }

  /** This scenario with default workers, duration and parameters for what is unset. */
  public static ScenarioSpec of(String name, ScenarioType kind, Integer workers, Duration duration,
      Map<String, String> p) {
    return of(name, kind, workers, duration, p, null);
  }

  public static ScenarioSpec of(String name, ScenarioType kind, Integer workers, Duration duration,
      Map<String, String> p, FaultsSpec faults) {
    return new ScenarioSpec(name, kind, workers == null ? kind.defaultWorkers() : workers,
        duration == null ? Duration.ofSeconds(10) : duration, p == null ? Map.of() : p, faults);
  }

  /** This scenario with another fault schedule. */
  public ScenarioSpec withFaults(FaultsSpec f) {
    return new ScenarioSpec(name, kind, workers, duration, params, f);
  }
}
