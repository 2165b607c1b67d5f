package io.zkorch.runtime;

import io.zkorch.spec.Fault;
import java.util.List;

/**
 * The optional provider role that cuts nodes off the network and shapes their links. A provider that cannot
 * (local processes share one loopback) simply does not implement it; {@link Provider#partitioning()} says whether one
 * does. Every change it makes is marked where the provider keeps state (labels), so that {@link #connect} — from any
 * process, after the one that made it is gone — finds it and undoes it.
 */
public interface Partitioning {

  /**
   * What one node stops hearing: its traffic with {@code peers} is dropped both ways, or (when {@code inboundOnly})
   * only what they send it, while what it sends them still arrives.
   *
   * @param node the node the rules are put on (zk2, probe-1)
   * @param peers the nodes it is cut from
   * @param inboundOnly one-way loss
   */
  record Cut(String node, List<String> peers, boolean inboundOnly) {

    public Cut {
      peers = List.copyOf(peers);
    }

    /** The links it cuts, as the report says them: zk1<->zk3 both ways, zk1->zk2 when zk2 no longer hears zk1. */
    public List<String> links() {
      return peers.stream().map(p -> inboundOnly ? p + "->" + node : node + "<->" + p).toList();
    }
  }

  /**
   * The nodes at either end of the links named in a fault's description ("zk3<->zk1 zk3<->zk2", "delay 200 ms on
   * zk1->zk2"): one network fault per node holds for both ends, not only the node that holds the rules.
   */
  public static java.util.Set<String> ends(String what) {
    java.util.Set<String> ends = new java.util.TreeSet<>();
    if (what != null) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([A-Za-z0-9_.-]+)(?:<->|->)([A-Za-z0-9_.-]+)").matcher(what);
      while (m.find()) {
        ends.add(m.group(1));
        ends.add(m.group(2));
      }
    }
    return ends;
  }

  /** The one sentence for a node that has a network fault already (one per node, heal first). */
  public static io.zkorch.ZkorchException faultedAlready(String cluster, String target) {
    return io.zkorch.ZkorchException.usage(target + " of cluster " + cluster + " has a network fault already;"
        + " `zkorch fault heal " + cluster + "` undoes it.");
  }

  /** Cuts it off from the cluster's network: it can reach no member and no member can reach it. */
  void disconnect(String cluster, String target);

  /**
   * Reconnects it under its old name, and takes away every cut and link chaos on it; idempotent, so a heal finds and
   * undoes what a fault left even when the process that made it is gone.
   */
  void connect(String cluster, String target);

  /** The nodes that have cuts or link chaos on them now (found from their marks), for a heal. */
  default List<String> shaped(String cluster) {
    return List.of();
  }

  /**
   * Puts every cut in place, or none: when one cannot be made, those made are undone. A cut that involves a node
   * with a network fault already (on either end of a link) is refused, naming it: heal first.
   */
  default void cut(String cluster, List<Cut> cuts) {
    throw io.zkorch.ZkorchException.usage("This runtime cannot cut single links yet (isolate, oneway, hide and the"
        + " partition shapes need it); partition-" + cuts.get(0).node() + " cuts a node off entirely, or use"
        + " --runtime docker.");
  }

  /**
   * Shapes one link, what {@code from} sends {@code to} (null: everything {@code from} sends, or for loss receives);
   * returns the node whose namespace holds the rules (what a heal undoes).
   */
  default String shape(String cluster, String from, Fault.LinkChaos chaos, String to) {
    throw io.zkorch.ZkorchException.usage("This runtime cannot shape " + from + "'s links yet; use --runtime"
        + " docker for delay, loss, duplicate, reorder and rate.");
  }
}
