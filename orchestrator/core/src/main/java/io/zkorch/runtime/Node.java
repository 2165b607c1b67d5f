package io.zkorch.runtime;

import io.zkorch.topology.NodeRole;

/**
 * One container (or process) of a cluster as the runtime sees it.
 *
 * @param service member or app service name, such as zk1 or probe
 * @param name the container name
 * @param role member or app
 * @param memberId myid for members, 0 for apps
 * @param observer whether a member is an observer
 * @param replica the replica number of an app, 0 for members
 * @param state running, exited, paused, created, ...
 * @param hostPort the host port of a member's client port, 0 when not published or not running
 * @param image the image it runs
 * @param partitioned whether it is cut off from the cluster's network (a partition fault)
 * @param host where its published client port is reached from this process, or null for the cluster's {@link
 *     ClusterState#host()} (a swarm's members are on different machines)
 * @param location the machine it runs on when a cluster spans several (a swarm node's name); null on one
 */
public record Node(
    String service,
    String name,
    NodeRole role,
    int memberId,
    boolean observer,
    int replica,
    NodeState state,
    int hostPort,
    String image,
    boolean partitioned,
    String host,
    String location) {

  /** A node of a cluster on one machine: its port is reached at the cluster's host. */
  public Node(String service, String name, NodeRole role, int memberId, boolean observer, int replica,
      NodeState state, int hostPort, String image, boolean partitioned) {
    this(service, name, role, memberId, observer, replica, state, hostPort, image, partitioned, null, null);
  }

  /** Where its published client port is reached: its own host, else the cluster's. */
  public String hostOr(String clusterHost) {
    return host == null ? clusterHost : host;
  }

  public boolean member() {
    return role == NodeRole.MEMBER;
  }

  public boolean running() {
    return state == NodeState.RUNNING;
  }

  public boolean paused() {
    return state == NodeState.PAUSED;
  }

  /** The name faults and logs use: zk2 for a member, the service for a scenario worker, SERVICE-N for app replicas. */
  public String target() {
    return member() || replica == 0 ? service : service + "-" + replica;
  }
}
