package io.zkorch.runtime.swarm;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.VolumeOptions;
import io.zkorch.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm services zkorch creates, as plain specs (no engine needed to build or test them). Each one carries the
 * lessons of the official image's stack file and its users' issues:
 *
 * <ul>
 *   <li>one service per member with one replica, pinned to a node ({@code node.id==}), so its volume stays with it;
 *   <li>{@code hostname: zkN} and the alias {@code zkN} on the overlay, with endpoint mode {@code dnsrr}: the name
 *       resolves to the task itself, not to a virtual IP (which breaks the election);
 *   <li>no health check: a check that waits for the quorum keeps a task {@code starting}, starting tasks are not in
 *       the overlay's DNS, and members that cannot resolve each other never form a quorum; any check at all would
 *       also make the swarm replace a member a pause fault froze. zkorch's quorum verdict decides readiness;
 *   <li>{@code -Dzookeeper.electionPortBindRetry=0}: a member keeps retrying its election port while its own name is
 *       not resolvable yet (ZOOKEEPER-3320), instead of giving up after three tries; and the election's notification
 *       back-off capped at one second, so that members meet soon after their names resolve;
 *   <li>the client port published in host mode on the member's own node, never through the routing mesh (which
 *       would send a check of one member to any other).
 * </ul>
 */
public final class SwarmSpecs {

  /** The service label that marks a member cut off by a partition fault (it survives a killed orchestrator). */
  public static final String PARTITIONED = "io.zkorch.partitioned";
  /** Restart delay: long enough for a kill fault to scale the service to zero before the swarm replaces the task. */
  static final long RESTART_DELAY_NANOS = 5_000_000_000L;
  /** The JVM flags of members whose peers resolve only once their tasks run ({@link Topology#SCHEDULED_MEMBER_FLAGS}). */
  public static final String BIND_RETRY = Topology.SCHEDULED_MEMBER_FLAGS;

  private SwarmSpecs() {}

  /** A member's service, created with {@code replicas} (0 to create without starting) and pinned to {@code nodeId}. */
  public static ServiceSpec member(Topology topology, Topology.Member m, String image, String nodeId,
      Map<String, String> labels, Map<String, String> volumeLabels, int replicas) {
    List<Mount> mounts = new ArrayList<>();
    if (m.volumes().isEmpty()) {
      // tmpfs storage: a swarm's tmpfs mounts take no owner, and their mode does not apply where the image declares
      // a volume (members failed with "/data/myid: Permission denied"); the task keeps the image's own volumes, owned
      // by the member's user, which go with the task like a tmpfs would
    } else {
      // a named volume on the node the member is pinned to, created there with the cluster's labels
      m.volumes().forEach((name, target) -> mounts.add(new Mount().withType(MountType.VOLUME).withSource(name)
          .withTarget(target).withVolumeOptions(new VolumeOptions().withLabels(volumeLabels))));
    }
    Map<String, String> env = new LinkedHashMap<>(m.env());
    env.put("JVMFLAGS", (env.getOrDefault("JVMFLAGS", "") + " " + BIND_RETRY).strip());
    ContainerSpec container = new ContainerSpec()
        .withImage(image)
        .withHostname(m.service())
        .withEnv(env(env))
        .withLabels(labels)
        .withMounts(mounts)
        .withHealthCheck(new HealthCheck().withTest(List.of("NONE")));
    PortConfig client = new PortConfig().withTargetPort(Topology.CLIENT_PORT).withPublishedPort(m.hostPort())
        .withProtocol(PortConfigProtocol.TCP).withPublishMode(PortConfig.PublishMode.host);
    return service(m.container(), labels, task(container, topology, m.service(), nodeId,
        ServiceRestartCondition.ON_FAILURE), replicas, List.of(client));
  }

  /** One replica of an app, as its own one-replica service (its container name is the service name). */
  public static ServiceSpec app(Topology topology, Topology.App a, String image, String nodeId,
      Map<String, String> labels) {
    ContainerSpec container = new ContainerSpec().withImage(image).withHostname(a.service()).withEnv(env(a.env()))
        .withLabels(labels);
    if (!a.command().isEmpty()) {
      container.withArgs(a.command());
    }
    List<PortConfig> ports = new ArrayList<>();
    a.ports().forEach((host, target) -> ports.add(new PortConfig().withTargetPort(target).withPublishedPort(host)
        .withProtocol(PortConfigProtocol.TCP).withPublishMode(PortConfig.PublishMode.host)));
    return service(a.container(), labels, task(container, topology, a.service(), nodeId,
        ServiceRestartCondition.ON_FAILURE), 1, ports);
  }

  /** A scenario worker: runs once (no restart) with the app-side environment. */
  public static ServiceSpec worker(Topology topology, String name, String image, List<String> command,
      Map<String, String> env, String nodeId, Map<String, String> labels) {
    ContainerSpec container = new ContainerSpec().withImage(image).withEnv(env(env)).withLabels(labels)
        .withArgs(command);
    return service(name, labels, task(container, topology, null, nodeId, ServiceRestartCondition.NONE), 1,
        List.of());
  }

  private static TaskSpec task(ContainerSpec container, Topology topology, String alias, String nodeId,
      ServiceRestartCondition restart) {
    NetworkAttachmentConfig network = new NetworkAttachmentConfig().withTarget(topology.network());
    if (alias != null) {
      network.withAliases(List.of(alias));
    }
    return new TaskSpec()
        .withContainerSpec(container)
        .withPlacement(new ServicePlacement().withConstraints(List.of("node.id==" + nodeId)))
        .withRestartPolicy(new ServiceRestartPolicy().withCondition(restart).withDelay(RESTART_DELAY_NANOS)
            .withMaxAttempts(0L))
        .withNetworks(List.of(network));
  }

  private static ServiceSpec service(String name, Map<String, String> labels, TaskSpec task, int replicas,
      List<PortConfig> ports) {
    return new ServiceSpec()
        .withName(name)
        .withLabels(labels)
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR).withPorts(ports));
  }

  private static List<String> env(Map<String, String> env) {
    List<String> list = new ArrayList<>();
    env.forEach((k, v) -> list.add(k + "=" + v));
    return list;
  }
}
