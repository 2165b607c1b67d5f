package io.zkorch.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker role's own options, as {@code zkorch worker ROLE} passes them on: {@code --name value} and bare {@code
 * --flag}s. Each kind reads what it knows, with its defaults; the CLI knows none of them.
 */
public final class WorkerArgs {

  private final Map<String, String> values;

  private WorkerArgs(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Parses {@code --name value} pairs and bare {@code --flag}s (a flag is followed by another option or nothing). */
  public static WorkerArgs parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException("worker option '" + a + "' does not start with --");
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq > 0) {
        values.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        values.put(name, args.get(++i));
      } else {
        values.put(name, "true");
      }
    }
    return new WorkerArgs(values);
  }

  /** The options as a command line again, for building worker commands. */
  public static List<String> of(Object... nameValuePairs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      out.add("--" + nameValuePairs[i]);
      out.add(String.valueOf(nameValuePairs[i + 1]));
    }
    return out;
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  public int integer(String name, int otherwise) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
  }

  public long number(String name, long otherwise) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : otherwise;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
