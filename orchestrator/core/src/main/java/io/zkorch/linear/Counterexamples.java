package io.zkorch.linear;

import java.util.List;

/** How a counterexample reads: in one line (reports, assertion messages) or as a block (the terminal). */
public final class Counterexamples {

  private Counterexamples() {}

  /** Where the search got stuck, the last operations it put in order, and the stretch, in one line. */
  public static String describe(Linearizability.Counterexample c) {
    StringBuilder s = new StringBuilder();
    s.append(c.linearized()).append(" operations").append(c.key() == null ? "" : " on " + c.key())
        .append(" put in order");
    if (!c.order().isEmpty()) {
      s.append(", the last ").append(String.join(", ", c.order().subList(Math.max(0, c.order().size() - 3),
          c.order().size()).stream().map(Op::describe).toList()));
    }
    s.append(" (the register then ").append(c.value() == null ? "empty" : "holding " + c.value())
        .append("); no order reaches the completion of ").append(c.stuck().describe()).append("; the stretch: ")
        .append(String.join(", ", c.stretch().stream().map(Op::describe).toList()));
    return s.toString();
  }

  /** The same as a block of lines, the stuck operation marked. */
  public static String block(Linearizability.Counterexample c) {
    StringBuilder out = new StringBuilder();
    out.append("Not linearizable").append(c.key() == null ? "" : " (register " + c.key() + ")").append(": ")
        .append(c.linearized()).append(" operations put in order, the register then ")
        .append(c.value() == null ? "empty" : "holding " + c.value()).append("; no order reaches the completion of ")
        .append(c.stuck().describe()).append(".\n");
    List<Op> order = c.order();
    if (!order.isEmpty()) {
      out.append("  the order's last operations:\n");
      order.forEach(o -> out.append("    ").append(o.describe()).append('\n'));
    }
    out.append("  the stretch it could not get past (call order):\n");
    c.stretch().forEach(o -> out.append("    ").append(o.describe()).append(o.equals(c.stuck()) ? "   <- stuck" : "")
        .append('\n'));
    return out.toString();
  }
}
