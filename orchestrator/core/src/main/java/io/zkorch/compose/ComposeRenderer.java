package io.zkorch.compose;

import io.zkorch.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a cluster as a Compose Specification file that {@code docker compose} and Debian's {@code docker-compose}
 * accept. Containers, the network and volumes get the same names and labels as zkorch's own runtime gives them, so
 * {@code zkorch status/ls/down} work on a compose-booted cluster too.
 */
public final class ComposeRenderer {

  /** The healthcheck every member gets: serving in a quorum (a srvr mode), with bash only (no nc needed). */
  public static final String HEALTHCHECK =
      "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -qE '^Mode: (leader|follower|observer|standalone)'"
          + " <&3";

  private ComposeRenderer() {}

  /** The compose file for {@code topology}; {@code source} names the cluster file in the header comment. */
  public static String render(Topology topology, String source) {
    return render(topology, source, false);
  }

  /**
   * The same; {@code legacy} leaves out the top-level {@code name:}, which Debian 12's docker-compose 1.29 rejects
   * (name the project with {@code -p} there).
   */
  public static String render(Topology topology, String source, boolean legacy) {
    topology.requireNoSecrets("a compose file");
    String header =
        "# Rendered by zkorch from "
            + source
            + " (cluster \""
            + topology.cluster()
            + "\"). Do not edit: change the cluster file and run\n"
            + "#   zkorch compose -f "
            + source
            + " -o <this file>\n"
            + "# Boot it with zkorch (`zkorch up`) or with compose: `docker compose up -d` starts the ensemble, `docker\n"
            + "# compose --profile apps up -d` the apps too. Images zkorch builds are never pulled (no registry has them):\n"
            + "# build them first with `zkorch build -f " + source + "`.\n";
    Map<String, Object> doc = document(topology, false);
    if (!legacy) {
      Map<String, Object> named = new LinkedHashMap<>();
      named.put("name", topology.cluster());
      named.putAll(doc);
      doc = named;
    }
    doc.put("x-zkorch", meta(topology, source));
    return header + new Yaml(yamlOptions()).dump(doc);
  }

  /** Compose's extension field: which zkorch and cluster file made this, and how to make its images. */
  private static Map<String, Object> meta(Topology topology, String source) {
    return ordered("version", io.zkorch.spec.ZooKeeperVersions.ZKORCH, "cluster", topology.cluster(), "source",
        source, "zookeeper", topology.spec().zookeeper().version(), "images", ordered("member",
            topology.memberImage(), "build", "zkorch build -f " + source));
  }

  /**
   * The cluster as a stack file that {@code docker stack deploy} accepts (Compose file format 3.8): one service per
   * member with one replica, {@code hostname: zkN}, {@code endpoint_mode: dnsrr}, the client port published in host
   * mode, no health check (a check that waits for the quorum keeps tasks out of the overlay's DNS, so no quorum
   * forms), {@code -Dzookeeper.electionPortBindRetry=0}; an attachable overlay network; apps without
   * {@code depends_on} (a stack ignores it: apps retry their connections). Services carry zkorch's labels, so
   * {@code zkorch status NAME --runtime swarm} proves the quorum of a deployed stack.
   */
  public static String renderStack(Topology topology, String source) {
    topology.requireNoSecrets("a stack file");
    String header = "# Rendered by zkorch from " + source + " (cluster \"" + topology.cluster() + "\") as a swarm stack."
        + " Do not edit: change the cluster file and run\n"
        + "#   zkorch compose --stack -f " + source + " -o <this file>\n"
        + "# Deploy it on a swarm manager: docker stack deploy -c <this file> " + topology.cluster() + "\n"
        + "# Every node needs the images (a registry, or `docker save | docker -H NODE load`). Members are not pinned\n"
        + "# to nodes here (a stack file cannot name them in advance); `zkorch up --runtime swarm` pins one per node.\n"
        + "# Prove the quorum: zkorch status " + topology.cluster() + " --runtime swarm\n";
    Map<String, Object> doc = document(topology, true);
    doc.put("x-zkorch", meta(topology, source));
    return header + new Yaml(yamlOptions()).dump(doc);
  }

  /** The file's content: services (members, then apps by service), the network, the volumes; compose or stack. */
  private static Map<String, Object> document(Topology topology, boolean stack) {
    java.util.function.UnaryOperator<Map<String, String>> labels = stack ? ComposeRenderer::swarm : TreeMap::new;
    Map<String, Object> root = new LinkedHashMap<>();
    if (stack) {
      root.put("version", "3.8");
    }
    Map<String, Object> services = new LinkedHashMap<>();
    Map<String, Object> volumes = new LinkedHashMap<>();
    for (Topology.Member m : topology.members()) {
      services.put(m.service(), stack ? stackMember(topology, m) : member(topology, m));
      m.volumes().forEach((name, target) -> volumes.put(composeVolume(topology, name),
          ordered("name", name, "labels", labels.apply(topology.volumeLabels(m)))));
    }
    Map<String, List<Topology.App>> byService = new LinkedHashMap<>();
    for (Topology.App a : topology.apps()) {
      byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a);
    }
    byService.forEach((name, replicas) -> services.put(name, stack ? stackApp(replicas) : app(topology, replicas)));
    root.put("services", services);
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("name", topology.network());
    if (stack) {
      network.put("driver", "overlay");
      network.put("attachable", true);
    }
    network.put("labels", labels.apply(topology.networkLabels()));
    root.put("networks", ordered("default", network));
    if (!volumes.isEmpty()) {
      root.put("volumes", volumes);
    }
    return root;
  }

  private static DumperOptions yamlOptions() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setSplitLines(false);
    options.setWidth(1000);
    return options;
  }

  /** A map in the order given (Map.of's order changes from run to run, and golden files must not). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Labels of something a stack makes: zkorch's, marked as the swarm runtime's. */
  private static Map<String, String> swarm(Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(io.zkorch.topology.Labels.RUNTIME, "swarm");
    return all;
  }

  private static Map<String, Object> stackMember(Topology topology, Topology.Member m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", topology.memberImage());
    s.put("hostname", m.service());
    Map<String, String> env = new LinkedHashMap<>(m.env());
    env.put("JVMFLAGS", (env.getOrDefault("JVMFLAGS", "") + " " + Topology.SCHEDULED_MEMBER_FLAGS).strip());
    s.put("environment", env);
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("target", Topology.CLIENT_PORT);
    if (m.hostPort() != 0) {
      port.put("published", m.hostPort());
    }
    port.put("protocol", "tcp");
    port.put("mode", "host");
    s.put("ports", List.of(port));
    if (!m.volumes().isEmpty()) {
      List<Object> mounts = new ArrayList<>();
      m.volumes().forEach((name, target) -> mounts.add(composeVolume(topology, name) + ":" + target));
      s.put("volumes", mounts);
    }
    // tmpfs storage: no mounts; a swarm's tmpfs takes no owner (the member's user could not write it), so the task
    // keeps the image's own volumes, which go with the task
    s.put("healthcheck", ordered("disable", true));
    s.put("labels", swarm(m.labels()));
    s.put("deploy", deploy(1, swarm(m.labels())));
    return s;
  }

  /** A stack service's deploy section: replicas, dnsrr, restart on failure, the service's labels. */
  private static Map<String, Object> deploy(int replicas, Map<String, String> labels) {
    return ordered("replicas", replicas, "endpoint_mode", "dnsrr", "restart_policy",
        ordered("condition", "on-failure", "delay", "5s"), "labels", labels);
  }

  private static Map<String, Object> stackApp(List<Topology.App> replicas) {
    Topology.App first = replicas.get(0);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", first.image());
    if (!first.command().isEmpty()) {
      s.put("command", first.command());
    }
    s.put("environment", new LinkedHashMap<>(first.env()));
    if (!first.ports().isEmpty()) {
      List<Object> ports = new ArrayList<>();
      first.ports().forEach((h, c) -> ports.add(ordered("target", c, "published", h, "protocol", "tcp", "mode",
          "host")));
      s.put("ports", ports);
    }
    Map<String, String> labels = swarm(first.labels());
    labels.remove(io.zkorch.topology.Labels.REPLICA);
    s.put("labels", labels);
    s.put("deploy", deploy(replicas.size(), new TreeMap<>(labels))); // a copy: a shared map would be a YAML alias
    return s;
  }

  private static Map<String, Object> member(Topology topology, Topology.Member m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", topology.memberImage());
    if (builtByZkorch(topology, topology.memberImage())) {
      s.put("pull_policy", "never"); // no registry has it: a pull would only fail, later and less clearly
    }
    s.put("hostname", m.service());
    s.put("environment", new LinkedHashMap<>(m.env()));
    String bind = topology.spec().zookeeper().clientPort().bind();
    String host = m.hostPort() == 0 ? "" : Integer.toString(m.hostPort());
    s.put("ports", List.of(bind + ":" + host + ":" + Topology.CLIENT_PORT));
    if (!m.volumes().isEmpty()) {
      List<String> mounts = new ArrayList<>();
      m.volumes().forEach((name, target) -> mounts.add(composeVolume(topology, name) + ":" + target));
      s.put("volumes", mounts);
    } else {
      s.put("tmpfs", List.of(Topology.DATA_DIR + ":uid=1000,gid=1000", Topology.DATALOG_DIR + ":uid=1000,gid=1000"));
    }
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("test", List.of("CMD", "bash", "-c", HEALTHCHECK));
    health.put("interval", "2s");
    health.put("timeout", "2s");
    health.put("retries", 2);
    health.put("start_period", "60s");
    s.put("healthcheck", health);
    s.put("labels", new TreeMap<>(m.labels()));
    return s;
  }

  /** The compose-file key of a volume: its name without the cluster prefix (zk1-data). */
  private static String composeVolume(Topology topology, String name) {
    return name.substring(topology.cluster().length() + 1);
  }

  private static Map<String, Object> app(Topology topology, List<Topology.App> replicas) {
    Topology.App first = replicas.get(0);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", first.image());
    if (!first.command().isEmpty()) {
      s.put("command", first.command());
    }
    s.put("environment", new LinkedHashMap<>(first.env()));
    if (!first.ports().isEmpty()) {
      List<String> ports = new ArrayList<>();
      first.ports().forEach((h, c) -> ports.add("127.0.0.1:" + h + ":" + c));
      s.put("ports", ports);
    }
    Map<String, Object> depends = new LinkedHashMap<>();
    for (Topology.Member m : topology.members()) {
      depends.put(m.service(), Map.of("condition", "service_healthy"));
    }
    s.put("depends_on", depends);
    Map<String, String> labels = new TreeMap<>(first.labels());
    labels.remove(io.zkorch.topology.Labels.REPLICA); // compose numbers replicas itself
    s.put("labels", labels);
    if (replicas.size() > 1) {
      s.put("scale", replicas.size());
    }
    if (builtByZkorch(topology, first.image())) {
      s.put("pull_policy", "never");
    }
    // `docker compose up` starts the ensemble alone; `--profile apps` adds the apps
    s.put("profiles", List.of("apps"));
    return s;
  }

  /** Whether zkorch builds {@code image} on this engine (its own images; not a user's). */
  private static boolean builtByZkorch(Topology topology, String image) {
    return image.startsWith("zkorch/");
  }
}
