package io.zkorch.runtime.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeState;
import io.zkorch.ZkorchException;
import io.zkorch.runtime.docker.DockerEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The swarm's nodes as zkorch sees them: each with its name, whether it takes tasks, and its own engine when zkorch
 * can reach it (the manager's, and every engine listed with {@code --node}, matched to its node by the node id the
 * engine reports, as Jepsen lists its nodes).
 */
final class SwarmNodes {

  /**
   * One node.
   *
   * @param id the swarm node id
   * @param hostname its name (what {@code docker node ls} shows)
   * @param manager whether it is a manager
   * @param usable ready and active: tasks can be placed there
   * @param engine its own engine, when reachable; null otherwise
   */
  record Host(String id, String hostname, boolean manager, boolean usable, DockerEngine engine) {
    boolean reachable() {
      return engine != null;
    }
  }

  private final Map<String, Host> byId;

  private SwarmNodes(Map<String, Host> byId) {
    this.byId = byId;
  }

  /** Asks the manager for its nodes and matches each listed engine to the node it runs. */
  static SwarmNodes discover(DockerEngine manager, List<DockerEngine> others) {
    DockerClient docker = manager.client();
    var info = docker.infoCmd().exec();
    var swarm = info.getSwarm();
    if (swarm == null || swarm.getControlAvailable() == null || !swarm.getControlAvailable()) {
      String state = swarm == null || swarm.getLocalNodeState() == null ? "inactive"
          : swarm.getLocalNodeState().toString().toLowerCase(java.util.Locale.ROOT);
      throw ZkorchException.usage("The Docker engine at " + manager.endpoint() + " is not a swarm manager (swarm: "
          + state + "); point DOCKER_HOST at a manager, make this one with `docker swarm init`, or use --runtime"
          + " docker.");
    }
    Map<String, DockerEngine> engines = new LinkedHashMap<>();
    engines.put(swarm.getNodeID(), manager);
    for (DockerEngine e : others) {
      String id;
      try {
        var s = e.client().infoCmd().exec().getSwarm();
        id = s == null ? null : s.getNodeID();
      } catch (RuntimeException unreachable) {
        throw ZkorchException.environment("The swarm node engine " + e.endpoint() + " (--node) does not answer: "
            + unreachable.getMessage() + "; check the address, or leave it out.", unreachable);
      }
      if (id == null || id.isEmpty()) {
        throw ZkorchException.usage("The engine " + e.endpoint() + " (--node) is not part of a swarm; list the"
            + " engines of the manager's nodes only (`docker node ls` on the manager).");
      }
      engines.putIfAbsent(id, e);
    }
    Map<String, Host> hosts = new LinkedHashMap<>();
    List<SwarmNode> nodes = new ArrayList<>(docker.listSwarmNodesCmd().exec());
    nodes.sort(Comparator.comparing(n -> n.getDescription() == null ? n.getId() : n.getDescription().getHostname()));
    for (SwarmNode n : nodes) {
      boolean usable = n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY
          && n.getSpec() != null && n.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE;
      String hostname = n.getDescription() == null ? n.getId() : n.getDescription().getHostname();
      boolean isManager = n.getSpec() != null && n.getSpec().getRole() == SwarmNodeRole.MANAGER;
      hosts.put(n.getId(), new Host(n.getId(), hostname, isManager, usable, engines.get(n.getId())));
    }
    for (String listed : engines.keySet()) {
      if (!hosts.containsKey(listed)) {
        throw ZkorchException.usage("The engine " + engines.get(listed).endpoint() + " (--node) belongs to another"
            + " swarm than the manager at " + manager.endpoint() + "; list only that swarm's nodes.");
      }
    }
    return new SwarmNodes(hosts);
  }

  List<Host> all() {
    return List.copyOf(byId.values());
  }

  Optional<Host> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Where zkorch places tasks: usable nodes whose engines it reaches (images are loaded there; faults act there),
   * in name order.
   */
  List<Host> placeable() {
    return byId.values().stream().filter(h -> h.usable() && h.reachable()).toList();
  }

  /** Usable nodes zkorch cannot reach: left out of placement, and said so. */
  List<Host> unreachable() {
    return byId.values().stream().filter(h -> h.usable() && !h.reachable()).toList();
  }

  /** The node for the {@code index}-th task (0-based) of a kind: round robin over the placeable nodes. */
  Host slot(int index) {
    List<Host> nodes = placeable();
    if (nodes.isEmpty()) {
      throw ZkorchException.usage("No node of the swarm is ready, active and reachable by zkorch; `docker node ls`"
          + " shows their state.");
    }
    return nodes.get(index % nodes.size());
  }

  /** Closes the listed engines (not the manager's, which the provider closes). */
  void close(DockerEngine manager) {
    for (Host h : byId.values()) {
      if (h.engine() != null && h.engine() != manager) {
        h.engine().close();
      }
    }
  }
}
