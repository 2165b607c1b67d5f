package io.zkorch.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The scenario kinds on the classpath, in the order their registry lists them ({@code
 * META-INF/services/io.zkorch.spec.ScenarioType}: one line per kind). Adding a kind is one package and one line there.
 */
public final class ScenarioTypes {

  private static volatile List<ScenarioType> all;

  private ScenarioTypes() {}

  /** Every kind, in registry order. */
  public static List<ScenarioType> all() {
    List<ScenarioType> known = all;
    if (known == null) {
      List<ScenarioType> found = new ArrayList<>();
      ServiceLoader.load(ScenarioType.class, ScenarioTypes.class.getClassLoader()).forEach(found::add);
      known = List.copyOf(found);
      all = known;
    }
    return known;
  }

  /** The kind named {@code id}, if there is one. */
  public static Optional<ScenarioType> find(String id) {
    return all().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The kind named {@code id}; an IllegalArgumentException naming the known ones otherwise. */
  public static ScenarioType of(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a scenario kind; one of "
        + names()));
  }

  /** "lock, config, leader, …" */
  public static String names() {
    return String.join(", ", all().stream().map(ScenarioType::id).toList());
  }
}
