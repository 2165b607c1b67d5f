package io.zkorch.runtime.local;

import java.util.List;
import java.util.Map;

/**
 * What the local runtime remembers of one process (member, app or scenario worker), as {@code node.json} in its
 * directory: enough to find it again, restart it, and kill it from any later zkorch process.
 *
 * @param target the node's name: zk2, probe-1, lock-w3
 * @param service its service: zk2, probe, lock-w3
 * @param role member or app
 * @param memberId myid for members, 0 otherwise
 * @param observer whether a member observes
 * @param replica app replica number, 0 for members and workers
 * @param clientPort a member's client port on 127.0.0.1, 0 otherwise
 * @param command the full command line it was started with
 * @param env what it adds to the environment
 */
public record LocalNode(
    String target,
    String service,
    String role,
    int memberId,
    boolean observer,
    int replica,
    int clientPort,
    List<String> command,
    Map<String, String> env) {

  public LocalNode {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  public boolean member() {
    return "member".equals(role);
  }
}
