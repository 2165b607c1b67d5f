package io.zkorch.scenario;

import java.util.Map;

/**
 * One thing a worker saw, as it wrote it.
 *
 * @param fields the JSON object: {@code t} is the type, {@code w} the worker
 */
public record Record(Map<String, Object> fields) {

  public String type() {
    return String.valueOf(fields.get("t"));
  }

  public String worker() {
    return String.valueOf(fields.get("w"));
  }

  public long num(String key) {
    Object v = fields.get(key);
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalArgumentException("record " + fields + " has no number " + key);
  }

  public long num(String key, long fallback) {
    return fields.get(key) instanceof Number n ? n.longValue() : fallback;
  }

  public String str(String key) {
    Object v = fields.get(key);
    return v == null ? null : String.valueOf(v);
  }

  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /** A record made in code (tests build histories by hand). */
  public static Record of(Object... keyValues) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new Record(m);
  }
}
