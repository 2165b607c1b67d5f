package io.zkorch.linear;

import java.util.List;
import java.util.function.Function;

/** How a counterexample reads: in one line (reports, assertion messages) or as a block (the terminal). */
public final class Counterexamples {

  private Counterexamples() {}

  /** Where the search got stuck, the last operations it put in order, and the stretch, in one line. */
  public static String describe(Linearizability.Counterexample c) {
    return describe(c, o -> null);
  }

  /**
   * The same, each operation followed by the member that answered it ({@code p3 read 1 [k0] @zk3}) where
   * {@code servedBy} knows it (null when it does not).
   */
  public static String describe(Linearizability.Counterexample c, Function<Op, String> servedBy) {
    Function<Op, String> d = o -> said(o, servedBy);
    StringBuilder s = new StringBuilder();
    s.append(c.linearized()).append(" operations").append(c.key() == null ? "" : " on " + c.key())
        .append(" put in order");
    if (!c.order().isEmpty()) {
      s.append(", the last ").append(String.join(", ", c.order().subList(Math.max(0, c.order().size() - 3),
          c.order().size()).stream().map(d).toList()));
    }
    s.append(" (the register then ").append(c.value() == null ? "empty" : "holding " + c.value())
        .append("); no order reaches the completion of ").append(d.apply(c.stuck())).append("; the stretch: ")
        .append(String.join(", ", c.stretch().stream().map(d).toList()));
    return s.toString();
  }

  /** An operation as the report shows it, with the member that answered it when known. */
  public static String said(Op o, Function<Op, String> servedBy) {
    String server = servedBy.apply(o);
    return o.describe() + (server == null ? "" : " @" + server);
  }

  /** The same as a block of lines, the stuck operation marked. */
  public static String block(Linearizability.Counterexample c) {
    return block(c, o -> null);
  }

  /** The block, each operation followed by the member that answered it where {@code servedBy} knows it. */
  public static String block(Linearizability.Counterexample c, Function<Op, String> servedBy) {
    Function<Op, String> d = o -> said(o, servedBy);
    StringBuilder out = new StringBuilder();
    out.append("Not linearizable").append(c.key() == null ? "" : " (register " + c.key() + ")").append(": ")
        .append(c.linearized()).append(" operations put in order, the register then ")
        .append(c.value() == null ? "empty" : "holding " + c.value()).append("; no order reaches the completion of ")
        .append(d.apply(c.stuck())).append(".\n");
    List<Op> order = c.order();
    if (!order.isEmpty()) {
      out.append("  the order's last operations:\n");
      order.forEach(o -> out.append("    ").append(d.apply(o)).append('\n'));
    }
    out.append("  the stretch it could not get past (call order):\n");
    c.stretch().forEach(o -> out.append("    ").append(d.apply(o)).append(o.equals(c.stuck()) ? "   <- stuck" : "")
        .append('\n'));
    return out.toString();
  }
}
