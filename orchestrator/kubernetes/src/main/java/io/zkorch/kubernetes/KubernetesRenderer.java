package io.zkorch.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.zkorch.compose.ComposeRenderer;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.ScenarioRunner;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.ZooKeeperSpec;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes manifests for a cluster file, built with fabric8's model (its builders, serialized by Jackson), the way
 * the references run ZooKeeper on Kubernetes (the upstream tutorial, Bitnami's chart, pravega's operator) and
 * without their known traps:
 *
 * <ul>
 *   <li>a StatefulSet with {@code podManagementPolicy: Parallel} (members must meet to form a quorum; ordered start
 *       would wait for a readiness that needs the others), myid from the pod's ordinal, {@code ZOO_SERVERS} from
 *       the headless service's DNS names (each member's own entry is its name, never 0.0.0.0);
 *   <li>a readiness probe that means serving in a quorum ({@code srvr} mode, zkorch's own check) and a liveness
 *       probe that does not ({@code ruok}), so a member waiting for its quorum is not killed;
 *   <li>a headless Service that publishes not-ready addresses: with a readiness probe that waits for the quorum,
 *       members would otherwise never resolve each other (the same trap as on a swarm);
 *   <li>pod anti-affinity whose selector matches the pods' labels (the tutorial's does not);
 *   <li>a non-root security context, resources from the heap, a PodDisruptionBudget of one, a ConfigMap with the
 *       zoo.cfg settings, a client Service, a Deployment per app with {@code ZK_HOSTS}, a Job per scenario worker.
 * </ul>
 */
public final class KubernetesRenderer {

  /**
   * How the manifests are placed.
   *
   * @param namespace the namespace of every object; empty for none (kubectl's current one), and then short DNS
   *     names that resolve within whatever namespace they are applied to
   * @param registry a registry host (and path) that prefixes zkorch's image names, where the cluster pulls from;
   *     empty to keep them as they are (images loaded on the nodes)
   * @param storage the size of each member's data and log volume claim
   */
  public record Options(String namespace, String registry, String storage) {
    public static final Options DEFAULT = new Options("", "", "1Gi");
  }

  /** The labels every object and pod of the ensemble carries; the selectors use the first three. */
  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Memory above the heap: metaspace, thread stacks, direct buffers of a ZooKeeper server. */
  static final int OVERHEAD_MIB = 256;

  private final Topology topology;
  private final Options options;
  private final String cluster;

  public KubernetesRenderer(Topology topology, Options options) {
    topology.requireNoSecrets("Kubernetes manifests");
    this.topology = topology;
    this.options = options;
    this.cluster = topology.cluster();
  }

  /** The StatefulSet's name: NAME-zk (pods NAME-zk-0, -1, ...). */
  String statefulSet() {
    return cluster + "-zk";
  }

  String headless() {
    return cluster + "-zk-headless";
  }

  String client() {
    return cluster + "-zk-client";
  }

  /** Every object, in the order kubectl should apply them. */
  public List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(configMap());
    objects.add(headlessService());
    objects.add(clientService());
    objects.add(podDisruptionBudget());
    objects.add(statefulSetObject());
    Map<String, List<Topology.App>> apps = new LinkedHashMap<>();
    topology.apps().forEach(a -> apps.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a));
    apps.values().forEach(replicas -> objects.add(deployment(replicas)));
    for (ScenarioSpec s : topology.spec().scenarios()) {
      for (WorkerRun w : ScenarioRunner.plan(s, "/zkorch/runs/kubernetes/" + s.name())) {
        objects.add(job(s, w));
      }
    }
    return objects;
  }

  /** The labels that select the members' pods. */
  Map<String, String> memberSelector() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "zookeeper");
    labels.put(INSTANCE, cluster);
    labels.put(COMPONENT, "member");
    return labels;
  }

  private Map<String, String> labels(Map<String, String> selector) {
    Map<String, String> labels = new LinkedHashMap<>(selector);
    labels.put(MANAGED_BY, "zkorch");
    labels.put(io.zkorch.topology.Labels.CLUSTER, cluster);
    return labels;
  }

  private io.fabric8.kubernetes.api.model.ObjectMetaBuilder meta(String name, Map<String, String> labels) {
    var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withLabels(labels);
    if (!options.namespace().isEmpty()) {
      meta.withNamespace(options.namespace());
    }
    return meta;
  }

  /** A member's DNS name through the headless service. */
  String memberHost(int ordinal) {
    String host = statefulSet() + "-" + ordinal + "." + headless();
    return options.namespace().isEmpty() ? host : host + "." + options.namespace() + ".svc.cluster.local";
  }

  /** ZOO_SERVERS over the pods' stable names; observers marked as such. */
  String servers() {
    ZooKeeperSpec zk = topology.spec().zookeeper();
    List<String> entries = new ArrayList<>();
    for (int id = 1; id <= zk.size(); id++) {
      entries.add("server." + id + "=" + memberHost(id - 1) + ":" + Topology.QUORUM_PORT + ":"
          + Topology.ELECTION_PORT + (id > zk.members() ? ":observer" : ""));
    }
    return String.join(" ", entries);
  }

  /** The connect string apps get: every member through the headless service. */
  String zkHosts() {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < topology.spec().zookeeper().size(); i++) {
      hosts.add(memberHost(i) + ":" + Topology.CLIENT_PORT);
    }
    return String.join(",", hosts);
  }

  private String image(String reference) {
    if (options.registry().isEmpty() || !reference.startsWith("zkorch/")) {
      return reference;
    }
    return options.registry().replaceAll("/+$", "") + "/" + reference;
  }

  private HasMetadata configMap() {
    // the member environment of the official image's contract, minus what differs per pod (myid, peerType)
    Map<String, String> env = new TreeMap<>(topology.members().get(0).env());
    env.remove("ZOO_MY_ID");
    env.put("ZOO_SERVERS", servers());
    env.put("ZOO_CFG_EXTRA", env.get("ZOO_CFG_EXTRA").replace(" peerType=observer", ""));
    env.put("JVMFLAGS", (env.get("JVMFLAGS") + " " + Topology.SCHEDULED_MEMBER_FLAGS).strip());
    return new ConfigMapBuilder().withMetadata(meta(cluster + "-zk-config", labels(memberSelector())).build())
        .withData(env).build();
  }

  private HasMetadata headlessService() {
    return new ServiceBuilder()
        .withMetadata(meta(headless(), labels(memberSelector())).build())
        .withNewSpec()
        .withClusterIP("None")
        // members resolve each other before any is ready: readiness here waits for the quorum
        .withPublishNotReadyAddresses(true)
        .withSelector(memberSelector())
        .withPorts(port("client", Topology.CLIENT_PORT), port("quorum", Topology.QUORUM_PORT),
            port("election", Topology.ELECTION_PORT))
        .endSpec()
        .build();
  }

  private HasMetadata clientService() {
    return new ServiceBuilder()
        .withMetadata(meta(client(), labels(memberSelector())).build())
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(memberSelector())
        .withPorts(port("client", Topology.CLIENT_PORT))
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name))
        .withProtocol("TCP").build();
  }

  private HasMetadata podDisruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(statefulSet(), labels(memberSelector())).build())
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(memberSelector()).endSelector()
        .endSpec()
        .build();
  }

  private HasMetadata statefulSetObject() {
    ZooKeeperSpec zk = topology.spec().zookeeper();
    boolean volumes = zk.storage() == ZooKeeperSpec.Storage.VOLUME;
    String memory = (heapMib(zk.heap()) + OVERHEAD_MIB) + "Mi";
    // myid is the ordinal + 1 (the official image has no notion of ordinals); ordinals past the voters observe
    String entrypoint = topology.spec().zookeeper().image().isEmpty()
        ? "exec /opt/zkorch/docker-entrypoint.sh zkServer"
        : "exec /docker-entrypoint.sh zkServer.sh start-foreground";
    String start = "export ZOO_MY_ID=$(( ${HOSTNAME##*-} + 1 )); if [ \"$ZOO_MY_ID\" -gt " + zk.members()
        + " ]; then export ZOO_CFG_EXTRA=\"$ZOO_CFG_EXTRA peerType=observer\"; fi; " + entrypoint;
    Container member = new ContainerBuilder()
        .withName("zookeeper")
        .withImage(image(topology.memberImage()))
        .withCommand("bash", "-c", start)
        .withNewResources()
        .withRequests(new TreeMap<>(Map.of("memory", new Quantity(memory), "cpu", new Quantity("100m"))))
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memory))))
        .endResources()
        .addNewEnvFrom().withNewConfigMapRef().withName(cluster + "-zk-config").endConfigMapRef().endEnvFrom()
        .withPorts(
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("client")
                .withContainerPort(Topology.CLIENT_PORT).build(),
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("quorum")
                .withContainerPort(Topology.QUORUM_PORT).build(),
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("election")
                .withContainerPort(Topology.ELECTION_PORT).build())
        .withReadinessProbe(exec(ComposeRenderer.HEALTHCHECK, 5, 2, 2))
        .withLivenessProbe(exec("exec 3<>/dev/tcp/127.0.0.1/" + Topology.CLIENT_PORT
            + " && printf ruok >&3 && grep -q imok <&3", 30, 10, 6))
        .withVolumeMounts(mount("data", Topology.DATA_DIR), mount("datalog", Topology.DATALOG_DIR))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .build();
    var builder = new StatefulSetBuilder()
        .withMetadata(meta(statefulSet(), labels(memberSelector())).build())
        .withNewSpec()
        .withServiceName(headless())
        .withReplicas(zk.size())
        .withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewSelector().withMatchLabels(memberSelector()).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(labels(memberSelector())).endMetadata()
        .withNewSpec()
        .withContainers(member)
        .withSecurityContext(new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(1000L)
            .withFsGroup(1000L).withRunAsNonRoot(true).build())
        .withNewAffinity().withNewPodAntiAffinity()
        // soft, like Bitnami's chart: spread members over nodes while there are enough, still run when there are not
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector().withMatchLabels(memberSelector()).endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity().endAffinity()
        .withTerminationGracePeriodSeconds(30L)
        .withVolumes(volumes ? List.of() : List.of(
            new VolumeBuilder().withName("data").withNewEmptyDir().withMedium("Memory").endEmptyDir().build(),
            new VolumeBuilder().withName("datalog").withNewEmptyDir().withMedium("Memory").endEmptyDir().build()))
        .endSpec()
        .endTemplate();
    if (volumes) {
      builder.withVolumeClaimTemplates(claim("data"), claim("datalog"));
    }
    return builder.endSpec().build();
  }

  private io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withLabels(labels(memberSelector())).endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().withRequests(Map.of("storage", new Quantity(options.storage()))).endResources()
        .endSpec()
        .build();
  }

  private static VolumeMount mount(String name, String path) {
    return new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private static Probe exec(String script, int initialDelay, int period, int failures) {
    return new ProbeBuilder().withNewExec().withCommand("bash", "-c", script).endExec()
        .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(2)
        .withFailureThreshold(failures).build();
  }

  /** A heap size as the cluster file writes it (256m, 1g, 524288k) in MiB. */
  static int heapMib(String heap) {
    String h = heap.strip().toLowerCase(Locale.ROOT);
    long n = Long.parseLong(h.replaceAll("[^0-9]", ""));
    return (int) switch (h.charAt(h.length() - 1)) {
      case 'g' -> n * 1024;
      case 'k' -> Math.max(1, n / 1024);
      case 'm' -> n;
      default -> Math.max(1, n / (1024 * 1024));
    };
  }

  private List<EnvVar> env(Map<String, String> env) {
    List<EnvVar> list = new ArrayList<>();
    env.forEach((k, v) -> list.add(new EnvVar(k, k.equals("ZK_HOSTS") ? zkHosts() : v, null)));
    return list;
  }

  private HasMetadata deployment(List<Topology.App> replicas) {
    Topology.App a = replicas.get(0);
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(NAME, a.service());
    selector.put(INSTANCE, cluster);
    selector.put(COMPONENT, "app");
    ContainerBuilder container = new ContainerBuilder().withName(a.service()).withImage(image(a.image()))
        .withEnv(env(a.env()));
    if (!a.command().isEmpty()) {
      container.withArgs(a.command());
    }
    a.ports().forEach((host, port) -> container.addNewPort().withContainerPort(port).endPort());
    return new DeploymentBuilder()
        .withMetadata(meta(cluster + "-" + a.service(), labels(selector)).build())
        .withNewSpec()
        .withReplicas(replicas.size())
        .withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(labels(selector)).endMetadata()
        .withNewSpec()
        .withContainers(container.build())
        .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(1000L).build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private HasMetadata job(ScenarioSpec s, WorkerRun w) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "zkorch-worker");
    labels.put(INSTANCE, cluster);
    labels.put(COMPONENT, "scenario-" + s.name());
    Map<String, String> env = Topology.appEnv("", cluster, topology.spec().zookeeper());
    return new JobBuilder()
        .withMetadata(meta(cluster + "-" + s.name() + "-" + w.name(), labels(labels)).build())
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(s.duration().toSeconds() + 300)
        .withNewTemplate()
        .withNewMetadata().withLabels(labels(labels)).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withContainers(new ContainerBuilder().withName("worker").withImage(image(Topology.appImage()))
            .withArgs(w.command()).withEnv(env(env)).build())
        .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(1000L).build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  // ------------------------------------------------------------------------------------------------ YAML

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      // ConfigMap data are strings: 5 must be written "5", or the API server refuses the object
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.SPLIT_LINES))
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** The objects as one YAML stream (documents separated by ---), with a header saying where it came from. */
  public static String yaml(List<HasMetadata> objects, String header) {
    StringBuilder out = new StringBuilder(header);
    for (HasMetadata o : objects) {
      out.append("---\n").append(yaml(o));
    }
    return out.toString();
  }

  /** One object as YAML. */
  public static String yaml(HasMetadata object) {
    try {
      return YAML.writeValueAsString(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a YAML stream back into fabric8's model (its own deserializer picks the kind). */
  public static List<HasMetadata> parse(String stream) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(stream)) {
      var docs = YAML.readValues(parser, io.fabric8.kubernetes.api.model.KubernetesResource.class);
      while (docs.hasNext()) {
        Object o = docs.next();
        if (o instanceof HasMetadata h) {
          objects.add(h);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  /** The header of a rendered stream. */
  public static String header(ClusterSpec spec, String source) {
    return "# Rendered by zkorch from " + source + " (cluster \"" + spec.name() + "\") with fabric8's Kubernetes model."
        + " Do not edit:\n# change the cluster file and run `zkorch render kubernetes -f " + source + "`.\n"
        + "# Apply: kubectl apply -f <this file>; the quorum is proven when every pod of the StatefulSet is ready.\n";
  }
}
