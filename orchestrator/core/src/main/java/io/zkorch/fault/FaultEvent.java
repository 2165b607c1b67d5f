package io.zkorch.fault;

import io.zkorch.spec.Fault;
import java.util.List;

/**
 * One fault as it happened: when, to whom, and how the ensemble coped. Times are microseconds since the epoch on
 * this host's clock (figures and pictures only; checks never order by them).
 *
 * @param fault the fault, such as kill-leader
 * @param node the node it hit, such as zk2 or lock-w3; for a partition's shape, the side it names (the minority, the
 *     bridge, the ring)
 * @param role what the node was when hit: leader, follower, observer, holder (token 17), worker; for a shape, what
 *     the sides were
 * @param nodes every node it changed (what a heal undoes)
 * @param links the links it cut: zk1<->zk3 both ways, zk1->zk2 when zk2 no longer hears zk1 (empty for kill, pause,
 *     a whole-node partition and link chaos)
 * @param injectedAt when the fault took effect
 * @param healedAt when it was undone (0: never, such as a worker killed for good)
 * @param leaderAfterMs for faults on members: time from the fault until a serving leader answered among the others
 *     (null when not measured)
 * @param leader the serving leader then
 */
public record FaultEvent(Fault fault, String node, String role, List<String> nodes, List<String> links,
    long injectedAt, long healedAt, Double leaderAfterMs, String leader) {

  public FaultEvent {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }

  /** A fault on one node that cut no single links. */
  public FaultEvent(Fault fault, String node, String role, long injectedAt, long healedAt, Double leaderAfterMs,
      String leader) {
    this(fault, node, role, List.of(node), List.of(), injectedAt, healedAt, leaderAfterMs, leader);
  }

  public FaultEvent healed(long at) {
    return new FaultEvent(fault, node, role, nodes, links, injectedAt, at, leaderAfterMs, leader);
  }

  /** Whether it was on {@code target} at {@code micros}: healed after (or never), and {@code target} one of its nodes. */
  public boolean on(String target, long micros) {
    boolean touches = target.equals(node) || nodes.contains(target)
        || io.zkorch.runtime.Partitioning.ends(String.join(" ", links)).contains(target);
    return touches && injectedAt <= micros && (healedAt <= injectedAt || healedAt >= micros);
  }

  /** A short description: "kill-leader hit zk2 (leader); zk3 led after 840 ms". */
  public String describe() {
    String s = fault.id() + " hit " + node + (role == null || role.isEmpty() ? "" : " (" + role + ")");
    if (leaderAfterMs != null) {
      s += "; " + leader + " led after " + Math.round(leaderAfterMs) + " ms";
    }
    return s;
  }
}
