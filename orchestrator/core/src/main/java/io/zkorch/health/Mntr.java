package io.zkorch.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** A member's answer to {@code mntr}: tab-separated {@code key value} lines. */
public record Mntr(Map<String, String> values) {

  public static Mntr parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        values.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
      }
    }
    return new Mntr(Map.copyOf(values));
  }

  public OptionalLong number(String key) {
    String v = values.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
