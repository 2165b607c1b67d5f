package io.zkorch.runtime;

import java.util.Comparator;
import java.util.List;

/**
 * What exists of one cluster.
 *
 * @param name the cluster name
 * @param nodes its containers, members first by id, then apps
 * @param network whether its network exists
 * @param volumes its named volumes
 * @param host where its members' published client ports are reached from this process
 */
public record ClusterState(String name, List<Node> nodes, boolean network, List<String> volumes, String host) {

  /** A cluster whose published ports are on this machine's loopback. */
  public ClusterState(String name, List<Node> nodes, boolean network, List<String> volumes) {
    this(name, nodes, network, volumes, "127.0.0.1");
  }

  public ClusterState {
    nodes = nodes.stream()
        .sorted(Comparator.comparing((Node n) -> !n.member()).thenComparingInt(Node::memberId)
            .thenComparing(Node::service).thenComparingInt(Node::replica))
        .toList();
    volumes = List.copyOf(volumes);
  }

  public List<Node> members() {
    return nodes.stream().filter(Node::member).toList();
  }

  public List<Node> apps() {
    return nodes.stream().filter(n -> !n.member()).toList();
  }

  /** Whether nothing is left of it. */
  public boolean empty() {
    return nodes.isEmpty() && !network && volumes.isEmpty();
  }

  /** A one-word summary: running, degraded, stopped or volumes-only. */
  public String summary() {
    if (nodes.isEmpty()) {
      return volumes.isEmpty() ? "empty" : "stopped (volumes kept)";
    }
    long running = nodes.stream().filter(Node::running).count();
    return running == nodes.size() ? "running" : running == 0 ? "stopped" : "degraded";
  }
}
