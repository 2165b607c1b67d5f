package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.VolumeOptions;
import io.zkorch.ZkorchException;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import io.zkorch.topology.Labels;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Runs clusters as Docker containers on one user-defined bridge network, found by zkorch's labels. */
public final class DockerProvider implements Provider, io.zkorch.runtime.Partitioning {

  private final DockerEngine engine;
  private final DockerClient docker;
  private final Map<String, String> extraLabels;
  private final DockerClient imageSource;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "zkorch-docker");
    t.setDaemon(true);
    return t;
  });

  public DockerProvider(DockerEngine engine) {
    this(engine, Map.of());
  }

  /** A runtime that also puts {@code extraLabels} on every container, network and volume it creates. */
  public DockerProvider(DockerEngine engine, Map<String, String> extraLabels) {
    this(engine, extraLabels, null);
  }

  /**
   * A runtime whose engine may lack images that {@code imageSource} (this machine's engine, when the target is
   * elsewhere; may be null) has: those are loaded from there before anything is pulled.
   */
  public DockerProvider(DockerEngine engine, Map<String, String> extraLabels, DockerClient imageSource) {
    this.engine = engine;
    this.docker = engine.client();
    this.extraLabels = Map.copyOf(extraLabels);
    this.imageSource = imageSource;
  }

  /** zkorch's images on this engine, loading what it lacks from the image source. */
  public io.zkorch.image.Images images(io.zkorch.progress.Progress progress) {
    return new io.zkorch.image.Images(docker, progress, imageSource, engine.endpoint());
  }

  private Map<String, String> labels(Map<String, String> own) {
    if (extraLabels.isEmpty()) {
      return own;
    }
    Map<String, String> all = new TreeMap<>(own);
    all.putAll(extraLabels);
    return all;
  }

  public DockerClient client() {
    return docker;
  }

  /** The engine: where it is, and where its published ports are reached. */
  public DockerEngine engine() {
    return engine;
  }

  @Override
  public String publishedHost() {
    return engine.host();
  }

  @Override
  public Optional<String> placement() {
    if (engine.loopback()) {
      return Optional.empty();
    }
    return Optional.of("Docker engine at " + engine.endpoint() + ": client ports published on " + engine.bindAddress()
        + " there, reached at " + engine.host());
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public Prepared prepare(Topology topology, io.zkorch.progress.Progress progress) {
    io.zkorch.image.Images.Resolved r = images(progress).ensure(topology);
    return new Prepared(r.member(), r.app());
  }

  @Override
  public String prepareWorkers(Topology topology, io.zkorch.progress.Progress progress) {
    return images(progress).buildApp(topology.spec()).reference();
  }

  @Override
  public List<ClusterState> list() {
    Map<String, List<Node>> nodes = new TreeMap<>();
    Map<String, Boolean> networks = new TreeMap<>();
    Map<String, List<String>> volumes = new TreeMap<>();
    List<Container> all = containers(List.of(Labels.CLUSTER));
    for (Container c : all) {
      if (!nemesis(c)) {
        nodes.computeIfAbsent(c.getLabels().get(Labels.CLUSTER), k -> new ArrayList<>()).add(node(c,
            isolated(all, c.getLabels().get(Labels.CLUSTER))));
      }
    }
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(Labels.CLUSTER)).exec()) {
      if (!swarm(n.getLabels())) {
        networks.put(n.getLabels().get(Labels.CLUSTER), true);
      }
    }
    var vols = docker.listVolumesCmd().withFilter("label", List.of(Labels.CLUSTER)).exec().getVolumes();
    if (vols != null) {
      for (var v : vols) {
        if (swarm(v.getLabels())) {
          continue;
        }
        volumes.computeIfAbsent(v.getLabels().get(Labels.CLUSTER), k -> new ArrayList<>()).add(v.getName());
      }
    }
    java.util.Set<String> names = new java.util.TreeSet<>();
    names.addAll(nodes.keySet());
    names.addAll(networks.keySet());
    names.addAll(volumes.keySet());
    List<ClusterState> result = new ArrayList<>();
    for (String name : names) {
      result.add(new ClusterState(name, nodes.getOrDefault(name, List.of()), networks.getOrDefault(name, false),
          volumes.getOrDefault(name, List.of()), engine.host()));
    }
    return result;
  }

  @Override
  public Optional<ClusterState> find(String cluster) {
    String filter = Labels.CLUSTER + "=" + cluster;
    // three independent queries; asked at once, they cost one round trip's latency
    var nodes = CompletableFuture.supplyAsync(() -> {
      List<Container> all = containers(List.of(filter));
      java.util.Set<String> isolated = isolated(all, cluster);
      return all.stream().filter(c -> !nemesis(c)).map(c -> node(c, isolated)).toList();
    }, pool);
    var network = CompletableFuture.supplyAsync(
        () -> docker.listNetworksCmd().withFilter("label", List.of(filter)).exec().stream()
            .anyMatch(n -> !swarm(n.getLabels())), pool);
    var vols = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
    List<String> volumes = vols == null ? List.of()
        : vols.stream().filter(v -> !swarm(v.getLabels())).map(v -> v.getName()).toList();
    ClusterState state = new ClusterState(cluster, nodes.join(), network.join(), volumes, engine.host());
    return state.empty() ? Optional.empty() : Optional.of(state);
  }

  /**
   * Clusters made by test code ({@code ZooKeeperEnsemble}) whose process is gone without removing them: every
   * container or network whose {@link Owner} labels name a process on this host that no longer lives.
   */
  public List<String> orphans() {
    java.util.Set<String> clusters = new java.util.TreeSet<>();
    for (Container c : containers(List.of(Owner.PID))) {
      if (Owner.of(c.getLabels()).map(Owner::gone).orElse(false) && c.getLabels().containsKey(Labels.CLUSTER)) {
        clusters.add(c.getLabels().get(Labels.CLUSTER));
      }
    }
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(Owner.PID)).exec()) {
      if (Owner.of(n.getLabels()).map(Owner::gone).orElse(false) && n.getLabels().containsKey(Labels.CLUSTER)) {
        clusters.add(n.getLabels().get(Labels.CLUSTER));
      }
    }
    return List.copyOf(clusters);
  }

  private List<Container> containers(Collection<String> labelFilters) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(labelFilters).exec().stream()
        .filter(c -> !swarm(c.getLabels())).toList();
  }

  /** Whether a resource belongs to a swarm cluster (the swarm runtime's, which this one leaves alone). */
  private static boolean swarm(Map<String, String> labels) {
    return labels != null && "swarm".equals(labels.get(Labels.RUNTIME));
  }

  /** Whether it is a network-fault helper (an isolation's mark, or one running for a moment), not a node. */
  private static boolean nemesis(Container c) {
    String role = c.getLabels().get(Labels.ROLE);
    return role != null && role.startsWith(Labels.ROLE_NEMESIS);
  }

  /** The containers (by name) of {@code cluster} that a cut's mark (a nemesis helper) names. */
  private static java.util.Set<String> isolated(List<Container> all, String cluster) {
    java.util.Set<String> isolated = new java.util.TreeSet<>();
    for (Container c : all) {
      if (Labels.ROLE_NEMESIS.equals(c.getLabels().get(Labels.ROLE))
          && cluster.equals(c.getLabels().get(Labels.CLUSTER))
          && "cut".equals(c.getLabels().get(DockerNemesis.MARK_KIND))) {
        isolated.add(c.getLabels().get(DockerNemesis.MARK_OF));
      }
    }
    return isolated;
  }

  private Node node(Container c) {
    return node(c, java.util.Set.of());
  }

  private Node node(Container c, java.util.Set<String> isolated) {
    Map<String, String> labels = c.getLabels();
    boolean member = Labels.ROLE_MEMBER.equals(labels.get(Labels.ROLE));
    int hostPort = 0;
    if (member && c.getPorts() != null) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getPrivatePort() != null && p.getPrivatePort() == Topology.CLIENT_PORT && p.getPublicPort() != null) {
          hostPort = p.getPublicPort();
        }
      }
    }
    String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
    return new Node(
        labels.getOrDefault(Labels.SERVICE, name),
        name,
        io.zkorch.topology.NodeRole.ofLabel(labels.get(Labels.ROLE)),
        Integer.parseInt(labels.getOrDefault(Labels.MEMBER_ID, "0")),
        "observer".equals(labels.get(Labels.MEMBER_TYPE)),
        Integer.parseInt(labels.getOrDefault(Labels.REPLICA, "0")),
        io.zkorch.runtime.NodeState.of(c.getState()),
        hostPort,
        c.getImage(),
        partitioned(c, labels.get(Labels.CLUSTER)) || isolated.contains(name));
  }

  private static boolean partitioned(Container c, String cluster) {
    var settings = c.getNetworkSettings();
    return settings != null && settings.getNetworks() != null
        && !settings.getNetworks().containsKey(Topology.networkName(cluster));
  }

  @Override
  public void createNetwork(Topology topology) {
    docker.createNetworkCmd()
        .withName(topology.network())
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(labels(topology.networkLabels()))
        .exec();
  }

  @Override
  public void createVolumes(Topology topology) {
    for (Topology.Member m : topology.members()) {
      for (String volume : m.volumes().keySet()) {
        docker.createVolumeCmd().withName(volume).withLabels(labels(topology.volumeLabels(m))).exec();
      }
    }
  }

  @Override
  public void createMembers(Topology topology, String image) {
    parallel(topology.members(), m -> {
      List<Mount> mounts = new ArrayList<>();
      m.volumes().forEach((name, target) ->
          mounts.add(new Mount().withType(MountType.VOLUME).withSource(name).withTarget(target)
              .withVolumeOptions(new VolumeOptions().withNoCopy(false))));
      // the legacy tmpfs option passes mount options through, so the mode applies (the Mount API's mode does not
      // take effect on a path the image declares as a VOLUME); uid 1000 is the official image contract's user
      Map<String, String> tmpfs = m.volumes().isEmpty()
          ? Map.of(Topology.DATA_DIR, "rw,uid=1000,gid=1000", Topology.DATALOG_DIR, "rw,uid=1000,gid=1000")
          : Map.of();
      String bind = bindAddress(topology.spec().zookeeper().clientPort().bind());
      Ports.Binding binding =
          m.hostPort() == 0 ? Ports.Binding.bindIp(bind) : Ports.Binding.bindIpAndPort(bind, m.hostPort());
      HostConfig host = HostConfig.newHostConfig()
          .withNetworkMode(topology.network())
          .withPortBindings(new PortBinding(binding, ExposedPort.tcp(Topology.CLIENT_PORT)))
          .withMounts(mounts)
          .withTmpFs(tmpfs)
          .withInit(false);
      CreateContainerCmd cmd = docker.createContainerCmd(image)
          .withName(m.container())
          .withHostName(m.service())
          .withAliases(m.service())
          .withEnv(env(m.env()))
          .withLabels(labels(m.labels()))
          .withExposedPorts(ExposedPort.tcp(Topology.CLIENT_PORT))
          .withHostConfig(host);
      cmd.exec();
    });
  }

  /** Copies each member's keystore, the truststore and the password file into its container, uid 1000, 0400. */
  @Override
  public void installSecrets(Topology topology, io.zkorch.security.ClusterSecrets secrets) {
    parallel(topology.members(), m -> SecretFiles.copy(docker, m.container(), secrets.memberFiles(m.service()),
        SecretFiles.MEMBER));
  }

  /**
   * Where published ports are bound: the file's choice; but loopback, the default, only when they are reached on
   * loopback, since an engine elsewhere would make them unreachable from here.
   */
  private String bindAddress(String requested) {
    return requested.startsWith("127.") && !engine.loopback() ? engine.bindAddress() : requested;
  }

  private static List<String> env(Map<String, String> env) {
    List<String> list = new ArrayList<>();
    env.forEach((k, v) -> list.add(k + "=" + v));
    return list;
  }

  @Override
  public void startMembers(Topology topology) {
    parallel(topology.members(), m -> {
      try {
        docker.startContainerCmd(m.container()).exec();
      } catch (DockerException e) {
        throw startFailure(m.container(), m.hostPort(), e);
      }
    });
  }

  @Override
  public void startApps(Topology topology, String zkorchImage) {
    // read once per service (its image's user, its login's files), not once per replica
    Map<String, SecretFiles.Owner> owners = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, Map<String, byte[]>> files = new java.util.concurrent.ConcurrentHashMap<>();
    parallel(topology.apps(), a -> {
      String image = a.image().equals(Topology.appImage()) && zkorchImage != null ? zkorchImage : a.image();
      List<PortBinding> bindings = new ArrayList<>();
      List<ExposedPort> exposed = new ArrayList<>();
      a.ports().forEach((h, c) -> {
        bindings.add(new PortBinding(Ports.Binding.bindIpAndPort(bindAddress("127.0.0.1"), h), ExposedPort.tcp(c)));
        exposed.add(ExposedPort.tcp(c));
      });
      CreateContainerCmd cmd = docker.createContainerCmd(image)
          .withName(a.container())
          .withAliases(a.service())
          .withEnv(env(a.env()))
          .withLabels(labels(a.labels()))
          .withExposedPorts(exposed)
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode(topology.network()).withPortBindings(bindings));
      if (!a.command().isEmpty()) {
        cmd.withCmd(a.command());
      }
      String id = cmd.exec().getId();
      if (topology.clientsNeedSecrets()) {
        SecretFiles.copy(docker, id, files.computeIfAbsent(a.service(),
            s -> SecretFiles.clientFiles(topology, topology.appUser(s))),
            owners.computeIfAbsent(image, i -> SecretFiles.ownerOf(docker, i)));
      }
      try {
        docker.startContainerCmd(a.container()).exec();
      } catch (DockerException e) {
        throw startFailure(a.container(), a.ports().keySet().stream().findFirst().orElse(0), e);
      }
    });
  }

  @Override
  public Map<String, io.zkorch.runtime.WorkerResult> runWorkers(Topology topology, String image, String scenario,
      List<io.zkorch.runtime.WorkerRun> workers, java.time.Duration timeout) {
    return new DockerWorkers(docker, this::labels, pool).run(topology, image, scenario, workers, timeout);
  }

  /** A container's output: standard output and/or standard error, the last {@code tail} lines (0: all). */
  private String output(String container, boolean stdout, boolean stderr, int tail) {
    return DockerOutput.of(docker, container, stdout, stderr, tail);
  }

  private static ZkorchException startFailure(String container, int port, DockerException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("port is already allocated") || m.contains("address already in use")) {
      return new io.zkorch.runtime.PortTakenException(port, container, e);
    }
    return ZkorchException.environment("Docker could not start " + container + ": " + m.strip(), e);
  }

  @Override
  public List<String> remove(String cluster, boolean volumes) {
    String filter = Labels.CLUSTER + "=" + cluster;
    List<String> removed = new ArrayList<>();
    List<Container> containers = containers(List.of(filter));
    parallel(containers, c -> {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        // already gone: removal is idempotent
      }
    });
    containers.forEach(c -> removed.add("container " + c.getNames()[0].replaceFirst("^/", "")));
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
      if (swarm(n.getLabels())) {
        continue;
      }
      try {
        // containers that are not the cluster's (a user's own, attached to test against it) would keep the network
        var attached = docker.inspectNetworkCmd().withNetworkId(n.getId()).exec().getContainers();
        for (String id : attached == null ? java.util.Set.<String>of() : attached.keySet()) {
          docker.disconnectFromNetworkCmd().withNetworkId(n.getId()).withContainerId(id).withForce(true).exec();
        }
        docker.removeNetworkCmd(n.getId()).exec();
        removed.add("network " + n.getName());
      } catch (NotFoundException e) {
        // already gone
      }
    }
    if (volumes) {
      var vols = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
      for (var v : vols == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : vols) {
        if (swarm(v.getLabels())) {
          continue;
        }
        try {
          docker.removeVolumeCmd(v.getName()).exec();
          removed.add("volume " + v.getName());
        } catch (NotFoundException e) {
          // already gone
        }
      }
    }
    return removed;
  }

  @Override
  public String logs(String cluster, String service, int tail) {
    return output(container(cluster, service).getId(), true, true, tail);
  }

  /** Streams the container's log (docker logs --follow): ends when the container stops, is removed, or on stop. */
  @Override
  public void follow(String cluster, String service, int tail, Consumer<String> lines,
      java.util.function.BooleanSupplier stop) {
    String id = container(cluster, service).getId();
    StringBuilder partial = new StringBuilder();
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true);
    cmd = tail > 0 ? cmd.withTail(tail) : cmd.withTailAll();
    var callback = new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
      @Override
      public void onNext(com.github.dockerjava.api.model.Frame frame) {
        synchronized (partial) {
          partial.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
          int nl;
          while ((nl = partial.indexOf("\n")) >= 0) {
            lines.accept(partial.substring(0, nl));
            partial.delete(0, nl + 1);
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        ended.countDown();
        super.onError(t);
      }

      @Override
      public void onComplete() {
        ended.countDown();
        super.onComplete();
      }
    };
    // our own latch: docker-java's timed awaitCompletion closes the stream when it returns
    try (var running = cmd.exec(callback)) {
      while (!stop.getAsBoolean() && !ended.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        // streaming until the container stops or the caller says stop
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (partial) {
      if (partial.length() > 0) {
        lines.accept(partial.toString());
      }
    }
  }

  private Container container(String cluster, String service) {
    List<Container> all = containers(List.of(Labels.CLUSTER + "=" + cluster));
    if (all.isEmpty()) {
      throw ZkorchException.usage("There is no cluster named " + cluster + "; `zkorch ls` lists the clusters.");
    }
    List<String> known = new ArrayList<>();
    for (Container c : all) {
      if (nemesis(c)) {
        continue;
      }
      Node n = node(c);
      if (service.equals(n.name()) || service.equals(n.target()) || service.equals(n.service())) {
        return c;
      }
      known.add(n.target());
    }
    throw ZkorchException.usage(
        "Cluster " + cluster + " has no member or app named " + service + "; it has " + known + ".");
  }

  @Override
  public List<Path> exportLogs(String cluster, Path dir) {
    List<Container> all = containers(List.of(Labels.CLUSTER + "=" + cluster));
    if (all.isEmpty()) {
      throw ZkorchException.usage("There is no cluster named " + cluster + "; `zkorch ls` lists the clusters.");
    }
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Container c : all) {
        Node n = node(c);
        String base = n.member() ? n.service() : n.service() + "-" + n.replica();
        Path log = dir.resolve(base + ".log");
        Files.writeString(log, logs(cluster, n.name(), 0));
        Path inspect = dir.resolve(base + ".inspect.json");
        Files.writeString(inspect, new com.fasterxml.jackson.databind.ObjectMapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .writerWithDefaultPrettyPrinter().writeValueAsString(docker.inspectContainerCmd(c.getId()).exec()));
        written.add(log);
        written.add(inspect);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  @Override
  public void kill(String cluster, String target) {
    Container c = container(cluster, target);
    try {
      docker.killContainerCmd(c.getId()).exec();
    } catch (com.github.dockerjava.api.exception.ConflictException notRunning) {
      throw ZkorchException.usage(target + " of cluster " + cluster + " is not running (" + c.getState()
          + "); `zkorch fault heal " + cluster + "` brings everything back.");
    }
  }

  @Override
  public void start(String cluster, String target) {
    docker.startContainerCmd(container(cluster, target).getId()).exec();
  }

  @Override
  public void pause(String cluster, String target) {
    Container c = container(cluster, target);
    try {
      docker.pauseContainerCmd(c.getId()).exec();
    } catch (com.github.dockerjava.api.exception.ConflictException e) {
      throw ZkorchException.usage(target + " of cluster " + cluster + " cannot be paused (" + c.getState() + ").");
    }
  }

  @Override
  public void unpause(String cluster, String target) {
    docker.unpauseContainerCmd(container(cluster, target).getId()).exec();
  }

  @Override
  public void disconnect(String cluster, String target) {
    Container c = container(cluster, target);
    docker.disconnectFromNetworkCmd().withNetworkId(Topology.networkName(cluster)).withContainerId(c.getId())
        .withForce(true).exec();
  }

  @Override
  public void connect(String cluster, String target) {
    Container c = container(cluster, target);
    String alias = c.getLabels().getOrDefault(Labels.SERVICE, target);
    new DockerNemesis(docker, this::labels).heal(cluster, c);
    if (partitioned(c, cluster)) {
      docker.connectToNetworkCmd().withNetworkId(Topology.networkName(cluster)).withContainerId(c.getId())
          .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork().withAliases(alias)).exec();
    }
  }

  @Override
  public List<String> shaped(String cluster) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Container m : new DockerNemesis(docker, this::labels).marks(cluster)) {
      names.add(m.getLabels().get(DockerNemesis.MARK_OF));
    }
    List<String> targets = new ArrayList<>();
    for (Container c : containers(List.of(Labels.CLUSTER + "=" + cluster))) {
      if (!nemesis(c) && names.contains(DockerNemesis.containerName(c))) {
        targets.add(node(c).target());
      }
    }
    return targets;
  }

  @Override
  public void cut(String cluster, List<io.zkorch.runtime.Partitioning.Cut> cuts) {
    DockerNemesis nemesis = new DockerNemesis(docker, this::labels);
    nemesis.requireImage();
    List<Container> all = containers(List.of(Labels.CLUSTER + "=" + cluster));
    java.util.Set<String> marked = markedNames(nemesis, cluster);
    Map<io.zkorch.runtime.Partitioning.Cut, Container> targets = new java.util.LinkedHashMap<>();
    Map<io.zkorch.runtime.Partitioning.Cut, List<String>> peers = new java.util.LinkedHashMap<>();
    for (io.zkorch.runtime.Partitioning.Cut cut : cuts) {
      Container c = container(cluster, cut.node());
      refuseMarked(cluster, cut.node(), c, marked);
      List<String> addresses = new ArrayList<>();
      for (String peer : cut.peers()) {
        Container p = container(cluster, peer);
        refuseMarked(cluster, peer, p, marked); // one network fault per node, on either end of a link
        String ip = ipOf(p, cluster);
        if (ip == null) {
          throw ZkorchException.usage(peer + " of cluster " + cluster + " is not on its network (is it partitioned or"
              + " stopped?); `zkorch fault heal " + cluster + "` first.");
        }
        addresses.add(ip);
      }
      targets.put(cut, c);
      peers.put(cut, addresses);
    }
    List<Container> done = new ArrayList<>();
    try {
      for (io.zkorch.runtime.Partitioning.Cut cut : cuts) {
        Container c = targets.get(cut);
        nemesis.apply(cluster, c.getLabels().getOrDefault(Labels.SERVICE, cut.node()), c, "cut",
            String.join(" ", cut.links()), DockerNemesis.cutScript(peers.get(cut), cut.inboundOnly()));
        done.add(c);
      }
    } catch (RuntimeException e) {
      for (Container c : done) {
        nemesis.heal(cluster, c); // all or nothing
      }
      throw e;
    }
  }

  @Override
  public String shape(String cluster, String from, io.zkorch.spec.Fault.LinkChaos chaos, String to) {
    DockerNemesis nemesis = new DockerNemesis(docker, this::labels);
    nemesis.requireImage();
    java.util.Set<String> marked = markedNames(nemesis, cluster);
    Container source = container(cluster, from);
    Container sink = to == null ? null : container(cluster, to);
    // loss drops on arrival (a drop on the way out fails the sender's socket instead of losing the packet): on a
    // link its rules go to the receiving end; everything else is shaped where it is sent
    boolean atSink = sink != null && chaos.lossPercent() > 0;
    Container c = atSink ? sink : source;
    String target = atSink ? to : from;
    refuseMarked(cluster, from, source, marked);
    if (sink != null) {
      refuseMarked(cluster, to, sink, marked);
    }
    if (ipOf(c, cluster) == null || (sink != null && ipOf(atSink ? source : sink, cluster) == null)) {
      throw ZkorchException.usage((sink == null ? target : from + " or " + to) + " of cluster " + cluster
          + " is not on its network; `zkorch fault heal " + cluster + "` first.");
    }
    // a node's duplicates go to every other address on the network: the members, the apps, and the gateway (the
    // host); looked up only for that
    List<String> destinations = new ArrayList<>();
    if (chaos.duplicatePercent() > 0 && sink == null) {
      for (Container o : containers(List.of(Labels.CLUSTER + "=" + cluster))) {
        String ip = nemesis(o) || o.getId().equals(c.getId()) ? null : ipOf(o, cluster);
        if (ip != null) {
          destinations.add(ip);
        }
      }
      var ipam = docker.inspectNetworkCmd().withNetworkId(Topology.networkName(cluster)).exec().getIpam();
      if (ipam != null && ipam.getConfig() != null) {
        ipam.getConfig().stream().map(com.github.dockerjava.api.model.Network.Ipam.Config::getGateway)
            .filter(g -> g != null && !g.isEmpty()).forEach(destinations::add);
      }
    }
    String peer = sink == null ? null : ipOf(atSink ? source : sink, cluster);
    nemesis.apply(cluster, c.getLabels().getOrDefault(Labels.SERVICE, target), c, "chaos",
        DockerNemesis.what(chaos, from, to),
        DockerNemesis.chaosScript(chaos, destinations, peer));
    return target;
  }

  /**
   * Every node with a network fault: the containers holding rules (by container name) and the nodes at either end of
   * the links those rules cut or shape (by name), so a fault on zk1<->zk3 refuses a second one on zk3 too.
   */
  private static java.util.Set<String> markedNames(DockerNemesis nemesis, String cluster) {
    java.util.Set<String> marked = new java.util.TreeSet<>();
    for (Container m : nemesis.marks(cluster)) {
      marked.add(m.getLabels().get(DockerNemesis.MARK_OF));
      marked.addAll(io.zkorch.runtime.Partitioning.ends(m.getLabels().get(DockerNemesis.MARK_WHAT)));
    }
    return marked;
  }

  private static void refuseMarked(String cluster, String target, Container c, java.util.Set<String> marked) {
    if (marked.contains(DockerNemesis.containerName(c)) || marked.contains(target)
        || marked.contains(c.getLabels().getOrDefault(Labels.SERVICE, target))) {
      throw io.zkorch.runtime.Partitioning.faultedAlready(cluster, target);
    }
  }

  /** Its address on the cluster's network, or null when it is not on it. */
  private static String ipOf(Container c, String cluster) {
    var nets = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getNetworks();
    var net = nets == null ? null : nets.get(Topology.networkName(cluster));
    return net != null && net.getIpAddress() != null && !net.getIpAddress().isEmpty() ? net.getIpAddress() : null;
  }

  @Override
  public String fourLetterWordInside(String cluster, String target, String word) {
    if (!word.matches("[a-z]{4}")) {
      throw new IllegalArgumentException("not a four-letter word: " + word);
    }
    Container c = container(cluster, target);
    // bash's /dev/tcp: every image that follows the official contract has bash, none needs nc
    // a member with client TLS keeps its plaintext port on its own loopback, for this and the health check
    String script = "exec 3<>/dev/tcp/127.0.0.1/${" + Topology.HEALTH_PORT_ENV + ":-" + Topology.CLIENT_PORT
        + "} && printf " + word + " >&3 && cat <&3";
    String exec = docker.execCreateCmd(c.getId()).withCmd("bash", "-c", script).withAttachStdout(true)
        .withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    DockerOutput.await(docker.execStartCmd(exec).exec(DockerOutput.collector(out)), 10);
    return out.toString();
  }

  private <T> void parallel(Collection<T> items, Consumer<T> action) {
    io.zkorch.runtime.Parallel.each(items, action, pool);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    engine.close();
    if (imageSource != null) {
      try {
        imageSource.close();
      } catch (IOException e) {
        // closing a connection pool; nothing to recover
      }
    }
  }
}
