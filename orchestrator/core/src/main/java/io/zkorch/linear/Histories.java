package io.zkorch.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Register histories as JSON lines, in the shape Knossos and Porcupine users know: one event per line,
 *
 * <pre>
 * {"process": 0, "type": "invoke", "f": "write", "value": 3}
 * {"process": 0, "type": "ok",     "f": "write", "value": 3}
 * {"process": 1, "type": "invoke", "f": "cas",   "value": [3, 4]}
 * {"process": 1, "type": "fail",   "f": "cas",   "value": [3, 4]}
 * {"process": 2, "type": "invoke", "f": "read",  "value": null}
 * {"process": 2, "type": "ok",     "f": "read",  "value": 3}
 * </pre>
 *
 * {@code type} is invoke, ok, fail (it did not happen) or info (in doubt: it may have happened); a process has one
 * operation at a time, completed by its next event. {@code value} is what was read or written, {@code [expected,
 * new]} for cas (Knossos's cas-register). {@code key} names the register when there are several; {@code time} (any
 * monotonic number, such as nanoseconds) orders events, else their order in the file does. The register starts empty
 * (null). An operation still open at the end of the file is in doubt. A completion may say which server answered
 * it ({@code "server": "zk3"}, optional; zkorch's own histories do), and a counterexample then names it.
 */
public final class Histories {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Histories() {}

  /** A history that cannot be read: the line and what is wrong with it. */
  public static final class Malformed extends RuntimeException {
    private final int line;

    public Malformed(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /** The operations of a history (failed ones left out), ids in invoke order. */
  public static List<Op> parse(BufferedReader in) {
    return read(in).ops();
  }

  /**
   * A history read: its operations and, by operation id, the server its completion named (where one did).
   *
   * @param ops the operations, failed ones left out, ids in invoke order
   * @param servers operation id → the server that answered it
   */
  public record Read(List<Op> ops, Map<Integer, String> servers) {

    /** The server that answered {@code o}, or null when its completion did not say. */
    public String server(Op o) {
      return servers.get(o.id());
    }
  }

  /** The operations of a history with the servers that answered them. */
  public static Read read(BufferedReader in) {
    Map<Integer, String> servers = new HashMap<>();
    record Open(int line, String process, String key, Op.F f, String value, String expected, long call) {}
    Map<String, Open> open = new HashMap<>();
    List<Op> ops = new ArrayList<>();
    String text;
    int line = 0;
    long events = 0;
    try {
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode e;
        try {
          e = JSON.readTree(text);
        } catch (IOException bad) {
          throw new Malformed(line, "not JSON: " + (bad instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : bad.getMessage()));
        }
        if (!(e instanceof ObjectNode)) {
          throw new Malformed(line, "not a JSON object");
        }
        String process = scalar(e, "process", line, true);
        String type = scalar(e, "type", line, true);
        String fName = scalar(e, "f", line, true);
        Op.F f;
        try {
          f = Op.F.valueOf(fName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
          throw new Malformed(line, "f is " + fName + "; a register knows read, write and cas");
        }
        String key = e.has("key") ? scalar(e, "key", line, false) : null;
        long time = e.has("time") ? e.get("time").asLong() : events;
        if (e.has("time") && !e.get("time").isIntegralNumber()) {
          throw new Malformed(line, "time must be a whole number");
        }
        events++;
        JsonNode v = e.get("value");
        String value = null;
        String expected = null;
        if (f == Op.F.CAS) {
          if (v == null || !v.isArray() || v.size() != 2) {
            throw new Malformed(line, "a cas's value is [expected, new]");
          }
          expected = text(v.get(0));
          value = text(v.get(1));
        } else if (v != null && (v.isArray() || v.isObject())) {
          throw new Malformed(line, "a " + f.id() + "'s value is one value, not " + v);
        } else {
          value = v == null ? null : text(v);
        }
        switch (type) {
          case "invoke" -> {
            Open pending = open.get(process);
            if (pending != null) {
              throw new Malformed(line, "process " + process + " invokes " + f.id() + " while its " + pending.f().id()
                  + " of line " + pending.line() + " is open");
            }
            open.put(process, new Open(line, process, key, f, value, expected, time));
          }
          case "ok", "fail", "info" -> {
            Open pending = open.remove(process);
            if (pending == null) {
              throw new Malformed(line, "process " + process + " completes a " + f.id() + " it never invoked");
            }
            if (pending.f() != f) {
              throw new Malformed(line, "process " + process + " completes " + f.id() + ", but invoked "
                  + pending.f().id() + " on line " + pending.line());
            }
            if (time < pending.call()) {
              throw new Malformed(line, "completes before its invocation (time " + time + " < " + pending.call()
                  + ")");
            }
            if (type.equals("fail")) {
              continue; // it did not happen
            }
            boolean ok = type.equals("ok");
            String result = f == Op.F.READ ? (ok ? value : null) : pending.value();
            if (f == Op.F.READ && ok && v == null && !e.has("value")) {
              throw new Malformed(line, "an ok read says the value it read (null for an empty register)");
            }
            String server = e.has("server") ? scalar(e, "server", line, false) : null;
            if (server != null) {
              servers.put(ops.size(), server);
            }
            ops.add(new Op(ops.size(), process, pending.key(), f, result, pending.expected(), pending.call(),
                ok ? time : Long.MAX_VALUE, ok ? Op.Outcome.OK : Op.Outcome.INFO));
          }
          default -> throw new Malformed(line, "type is " + type + "; use invoke, ok, fail or info");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // still open at the end: in doubt
    open.values().stream().sorted(java.util.Comparator.comparingLong(Open::call)).forEach(p -> ops.add(
        new Op(ops.size(), p.process(), p.key(), p.f(), p.f() == Op.F.READ ? null : p.value(), p.expected(),
            p.call(), Long.MAX_VALUE, Op.Outcome.INFO)));
    return new Read(ops, servers);
  }

  private static String scalar(JsonNode e, String field, int line, boolean required) {
    JsonNode n = e.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new Malformed(line, "has no " + field);
      }
      return null;
    }
    if (n.isContainerNode()) {
      throw new Malformed(line, field + " must be a string or a number");
    }
    return n.asText();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** Writes one event line. */
  public static void write(Writer out, String process, String type, Op.F f, Object value, String key, long time)
      throws IOException {
    write(out, process, type, f, value, key, time, null);
  }

  /** Writes one event line; {@code server}, when not null, says which server answered. */
  public static void write(Writer out, String process, String type, Op.F f, Object value, String key, long time,
      String server) throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("process", process);
    e.put("type", type);
    e.put("f", f.id());
    e.set("value", JSON.valueToTree(value));
    if (key != null) {
      e.put("key", key);
    }
    e.put("time", time);
    if (server != null) {
      e.put("server", server);
    }
    out.write(JSON.writeValueAsString(e));
    out.write('\n');
  }

  /**
   * Writes {@code ops} as events: each invocation and completion in time order, and the completions of operations
   * in doubt ({@code info}) last (they may have taken effect any time after their call).
   */
  public static void writeAll(Writer out, List<Op> ops) throws IOException {
    writeAll(out, ops, o -> null);
  }

  /** The same, each completion saying which server answered it where {@code servedBy} knows. */
  public static void writeAll(Writer out, List<Op> ops, java.util.function.Function<Op, String> servedBy)
      throws IOException {
    events(ops, servedBy, (process, type, f, value, key, time, server) -> write(out, process, type, f, value, key,
        time, server));
  }

  /**
   * The same history as EDN, one map per line, as Jepsen and Knossos read it: {@code {:process "w1", :type :invoke,
   * :f :cas, :value ["3" "1"], :key "k2", :time 1764480123456789}} (several registers: group by {@code :key}, as
   * jepsen.independent's subhistories do; {@code :server} on completions where known).
   */
  public static void writeEdn(Writer out, List<Op> ops, java.util.function.Function<Op, String> servedBy)
      throws IOException {
    events(ops, servedBy, (process, type, f, value, key, time, server) -> {
      StringBuilder e = new StringBuilder("{:process ").append(edn(process)).append(", :type :").append(type)
          .append(", :f :").append(f.id()).append(", :value ").append(edn(value));
      if (key != null) {
        e.append(", :key ").append(edn(key));
      }
      e.append(", :time ").append(time);
      if (server != null) {
        e.append(", :server ").append(edn(server));
      }
      out.write(e.append("}\n").toString());
    });
  }

  private static String edn(Object v) throws IOException {
    if (v == null) {
      return "nil";
    }
    if (v instanceof List<?> list) {
      StringBuilder s = new StringBuilder("[");
      for (Object o : list) {
        s.append(s.length() > 1 ? " " : "").append(edn(o));
      }
      return s.append(']').toString();
    }
    // a JSON string literal is an EDN one: quotes, backslashes and newlines are escaped alike
    return JSON.writeValueAsString(v.toString());
  }

  /** One event of a history, however it is written. */
  private interface EventSink {
    void accept(String process, String type, Op.F f, Object value, String key, long time, String server)
        throws IOException;
  }

  /**
   * Each invocation and completion of {@code ops} in time order, then the completions of operations in doubt
   * ({@code info}) last (they may have taken effect any time after their call).
   */
  private static void events(List<Op> ops, java.util.function.Function<Op, String> servedBy, EventSink sink)
      throws IOException {
    record Event(long time, int order, Op op, boolean call) {}
    List<Event> events = new ArrayList<>();
    for (Op o : ops) {
      events.add(new Event(o.call(), 0, o, true));
      if (!o.inDoubt()) {
        events.add(new Event(o.ret(), 1, o, false));
      }
    }
    events.sort(java.util.Comparator.comparingLong(Event::time).thenComparingInt(Event::order)
        .thenComparingInt(e -> e.op().id()));
    long last = Long.MIN_VALUE;
    for (Event e : events) {
      Op o = e.op();
      Object value = o.f() == Op.F.CAS ? java.util.Arrays.asList(o.expected(), o.value())
          : o.f() == Op.F.READ && e.call() ? null : o.value();
      sink.accept(o.process(), e.call() ? "invoke" : "ok", o.f(), value, o.key(), e.time(),
          e.call() ? null : servedBy.apply(o));
      last = e.time();
    }
    for (Op o : ops) {
      if (o.inDoubt()) {
        sink.accept(o.process(), "info", o.f(), o.f() == Op.F.CAS ? java.util.Arrays.asList(o.expected(), o.value())
            : o.f() == Op.F.READ ? null : o.value(), o.key(), last == Long.MIN_VALUE ? 0 : last + 1, null);
      }
    }
  }
}
