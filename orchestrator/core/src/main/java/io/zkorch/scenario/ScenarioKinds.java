package io.zkorch.scenario;

import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioType;
import io.zkorch.spec.ScenarioTypes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The registered kinds as the engine uses them: every {@link ScenarioType} on the classpath is a {@link ScenarioKind}. */
public final class ScenarioKinds {

  private ScenarioKinds() {}

  /** The whole kind behind a spec's type. */
  public static ScenarioKind of(ScenarioType type) {
    if (type instanceof ScenarioKind kind) {
      return kind;
    }
    throw new IllegalStateException("scenario kind " + type.id() + " (" + type.getClass().getName()
        + ") is registered as a ScenarioType but is not a ScenarioKind");
  }

  /** The kind named {@code id}. */
  public static ScenarioKind of(String id) {
    return of(ScenarioTypes.of(id));
  }

  /** Every worker role of every kind, by name. */
  public static Map<String, WorkerMain> roles() {
    Map<String, WorkerMain> roles = new TreeMap<>();
    for (ScenarioType t : ScenarioTypes.all()) {
      roles.putAll(of(t).roles());
    }
    return roles;
  }

  /** The worker role named {@code role}, if a kind has it. */
  public static Optional<WorkerMain> role(String role) {
    return Optional.ofNullable(roles().get(role));
  }
}
