package io.zkorch.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workers' records: one JSON object per line of standard output, each with a type {@code t} and worker {@code w}. */
public final class Records {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Records() {}

  /** A record under construction. */
  public static final class Builder {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder(String type, String worker) {
      fields.put("t", type);
      fields.put("w", worker);
    }

    public Builder put(String key, Object value) {
      fields.put(key, value);
      return this;
    }

    /** Writes the record as one line; safe from several threads. */
    public void emit(PrintStream out) {
      String line;
      try {
        line = JSON.writeValueAsString(fields);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }
  }

  public static Builder record(String type, String worker) {
    return new Builder(type, worker);
  }

  /** The records in a worker's output; lines that are not JSON objects (library noise) are skipped. */
  public static List<Record> parse(String output) {
    List<Record> records = new ArrayList<>();
    for (String line : output.split("\n")) {
      String l = line.strip();
      if (!l.startsWith("{")) {
        continue;
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = JSON.readValue(l, Map.class);
        records.add(new Record(fields));
      } catch (JsonProcessingException e) {
        // a torn line (a worker killed mid-write) is not a record
      }
    }
    return records;
  }

  /** Serialises anything to JSON (reports use it). */
  public static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
