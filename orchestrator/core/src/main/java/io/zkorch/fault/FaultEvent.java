package io.zkorch.fault;

import io.zkorch.spec.Fault;

/**
 * One fault as it happened: when, to whom, and how the ensemble coped. Times are microseconds since the epoch on
 * this host's clock (figures and pictures only; checks never order by them).
 *
 * @param fault the fault, such as kill-leader
 * @param node the node it hit, such as zk2 or lock-w3
 * @param role what the node was when hit: leader, follower, observer, holder (token 17), worker
 * @param injectedAt when the fault took effect
 * @param healedAt when it was undone (0: never, such as a worker killed for good)
 * @param leaderAfterMs for faults on members: time from the fault until a serving leader answered among the others
 *     (null when not measured)
 * @param leader the serving leader then
 */
public record FaultEvent(
    Fault fault, String node, String role, long injectedAt, long healedAt, Double leaderAfterMs, String leader) {

  public FaultEvent healed(long at) {
    return new FaultEvent(fault, node, role, injectedAt, at, leaderAfterMs, leader);
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
