package io.zkorch.runtime.local;

import java.util.List;
import java.util.Map;

/**
 * What the local runtime remembers of one process (member, app or scenario worker), as {@code node.properties} in its
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

  /** As a properties file (plain text: readable by users, and cheap to read on every `zkorch` start). */
  java.util.Properties toProperties() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("target", target);
    p.setProperty("service", service);
    p.setProperty("role", role);
    p.setProperty("memberId", Integer.toString(memberId));
    p.setProperty("observer", Boolean.toString(observer));
    p.setProperty("replica", Integer.toString(replica));
    p.setProperty("clientPort", Integer.toString(clientPort));
    for (int i = 0; i < command.size(); i++) {
      p.setProperty(String.format("command.%03d", i), command.get(i));
    }
    env.forEach((k, v) -> p.setProperty("env." + k, v));
    return p;
  }

  static LocalNode fromProperties(java.util.Properties p) {
    List<String> command = p.stringPropertyNames().stream().filter(k -> k.startsWith("command.")).sorted()
        .map(p::getProperty).toList();
    Map<String, String> env = new java.util.TreeMap<>();
    p.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
        .forEach(k -> env.put(k.substring(4), p.getProperty(k)));
    return new LocalNode(p.getProperty("target"), p.getProperty("service"), p.getProperty("role"),
        Integer.parseInt(p.getProperty("memberId", "0")), Boolean.parseBoolean(p.getProperty("observer")),
        Integer.parseInt(p.getProperty("replica", "0")), Integer.parseInt(p.getProperty("clientPort", "0")), command,
        env);
  }
}
