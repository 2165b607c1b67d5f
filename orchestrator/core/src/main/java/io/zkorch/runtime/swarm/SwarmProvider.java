package io.zkorch.runtime.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.zkorch.ZkorchException;
import io.zkorch.image.BaseImage;
import io.zkorch.image.ImagePush;
import io.zkorch.image.ImageTransfer;
import io.zkorch.image.Images;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.NodeState;
import io.zkorch.runtime.Parallel;
import io.zkorch.runtime.Partitioning;
import io.zkorch.runtime.Provider;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.runtime.docker.DockerEngine;
import io.zkorch.runtime.docker.DockerOutput;
import io.zkorch.topology.Labels;
import io.zkorch.topology.NodeRole;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs clusters on a Docker swarm through a manager's API: one service per member (see {@link SwarmSpecs}) pinned to
 * nodes round robin, so members land on distinct nodes while there are enough; an attachable overlay network; a
 * volume per member on its node; apps and scenario workers as one-replica services. Everything is found again by
 * zkorch's labels. Node-level work (images, ports, kill, pause, partitions, four-letter words from inside) goes
 * through each node's own engine: the manager's, and those listed with {@code --node}.
 */
public final class SwarmProvider implements Provider, Partitioning {

  /** How long a member's task may take to run after its service is scaled up. */
  private static final Duration TASK_START = Duration.ofSeconds(90);
  /** How long a removed cluster's task containers may take to go before the network and volumes are removed. */
  private static final Duration TASKS_GONE = Duration.ofSeconds(60);

  private final DockerEngine manager;
  private final DockerClient docker;
  private final List<DockerEngine> nodeEngines;
  private final Map<String, String> extraLabels;
  private final DockerClient imageSource;
  private volatile SwarmNodes nodes;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "zkorch-swarm");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param manager a swarm manager's engine (DOCKER_HOST)
   * @param nodeEngines the engines of other nodes zkorch may reach (--node); the provider closes them
   * @param extraLabels labels added to every service, network and volume it creates
   * @param imageSource this machine's engine, when the manager is elsewhere: base images are loaded from there
   */
  public SwarmProvider(DockerEngine manager, List<DockerEngine> nodeEngines, Map<String, String> extraLabels,
      DockerClient imageSource) {
    this.manager = manager;
    this.docker = manager.client();
    this.nodeEngines = List.copyOf(nodeEngines);
    this.extraLabels = Map.copyOf(extraLabels);
    this.imageSource = imageSource;
  }

  private SwarmNodes nodes() {
    SwarmNodes n = nodes;
    if (n == null) {
      synchronized (this) {
        if (nodes == null) {
          nodes = SwarmNodes.discover(manager, nodeEngines);
        }
        n = nodes;
      }
    }
    return n;
  }

  /** Whether the engine is a swarm manager with anything of {@code cluster} on it (for --runtime auto). */
  public static boolean hasCluster(DockerClient docker, String cluster) {
    try {
      return isManager(docker)
          && !docker.listServicesCmd().withLabelFilter(Map.of(Labels.CLUSTER, cluster)).exec().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether the engine is a swarm manager (services can be created through it). */
  public static boolean isManager(DockerClient docker) {
    try {
      var swarm = docker.infoCmd().exec().getSwarm();
      return swarm != null && Boolean.TRUE.equals(swarm.getControlAvailable());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String name() {
    return "swarm";
  }

  @Override
  public String publishedHost() {
    return manager.host();
  }

  @Override
  public Optional<String> placement() {
    SwarmNodes n = nodes();
    List<String> used = n.placeable().stream().map(SwarmNodes.Host::hostname).toList();
    StringBuilder where = new StringBuilder("Docker swarm through the manager at " + manager.endpoint() + ": "
        + n.all().size() + " node" + (n.all().size() == 1 ? "" : "s") + ", tasks placed on " + used
        + "; client ports published in host mode on each member's node");
    List<String> left = n.unreachable().stream().map(SwarmNodes.Host::hostname).toList();
    if (!left.isEmpty()) {
      where.append("; not used: ").append(left).append(" (zkorch cannot reach their engines to load images and"
          + " inject faults: list them with --node tcp://ADDRESS:2375)");
    }
    return Optional.of(where.toString());
  }

  private Map<String, String> labels(Map<String, String> own) {
    Map<String, String> all = new TreeMap<>(own);
    all.put(Labels.RUNTIME, "swarm"); // the Docker runtime leaves whatever carries this alone
    all.putAll(extraLabels);
    return all;
  }

  // --------------------------------------------------------------------------------------------- provisioning

  @Override
  public Prepared prepare(Topology topology, Progress progress) {
    topology.requireNoSecrets("the swarm runtime");
    SwarmNodes n = nodes();
    Images.Resolved r = new Images(docker, progress, imageSource, manager.endpoint()).ensure(topology);
    if (!topology.spec().images().registry().isEmpty()) {
      // the nodes pull from the registry: zkorch pushes what it built there (images the file names are pulled as named)
      String member = topology.spec().zookeeper().image().isEmpty() ? pushed(topology, r.member(), progress)
          : r.member();
      String app = r.app() == null ? null : pushed(topology, r.app(), progress);
      step(progress, topology, n);
      return new Prepared(member, app);
    }
    List<String> images = new ArrayList<>(List.of(r.member()));
    if (r.app() != null) {
      images.add(r.app());
    }
    for (var app : topology.spec().apps()) {
      if (!app.usesZkorchImage()) {
        images.add(app.image());
      }
    }
    distribute(images, progress);
    step(progress, topology, n);
    return new Prepared(r.member(), r.app());
  }

  /** Pushes an image zkorch built to the cluster file's registry; the reference the nodes pull. */
  private String pushed(Topology topology, String reference, Progress progress) {
    String target = topology.spec().images().pulledAs(reference);
    ImagePush.push(docker, reference, target, progress);
    return target;
  }

  private static void step(Progress progress, Topology topology, SwarmNodes n) {
    Progress.Step step = progress.start("Placing " + topology.members().size() + " members on "
        + n.placeable().size() + " node" + (n.placeable().size() == 1 ? "" : "s") + ": "
        + describePlacement(topology, n));
    step.ok();
  }

  /** zk1 → node1, ... and what a node with two members means. */
  static String describePlacement(List<String> members, List<String> nodes) {
    Map<String, List<String>> by = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      by.computeIfAbsent(nodes.get(i % nodes.size()), k -> new ArrayList<>()).add(members.get(i));
    }
    StringBuilder s = new StringBuilder();
    by.forEach((node, ms) -> s.append(s.length() == 0 ? "" : "; ").append(String.join(",", ms)).append(" on ")
        .append(node));
    if (members.size() > nodes.size()) {
      s.append(" (fewer nodes than members: a lost node takes ")
          .append((members.size() + nodes.size() - 1) / nodes.size()).append(" members with it)");
    }
    return s.toString();
  }

  private static String describePlacement(Topology topology, SwarmNodes n) {
    return describePlacement(topology.members().stream().map(Topology.Member::service).toList(),
        n.placeable().stream().map(SwarmNodes.Host::hostname).toList());
  }

  /** Loads each image onto every placeable node's engine that lacks it (from the manager, where it was built). */
  private void distribute(List<String> images, Progress progress) {
    List<SwarmNodes.Host> targets = nodes().placeable().stream().filter(h -> h.engine() != manager).toList();
    Parallel.each(targets, h -> {
      ImageTransfer transfer = new ImageTransfer(docker, h.engine().client(), "node " + h.hostname(), progress);
      for (String image : images) {
        transfer.load(image);
      }
    }, pool);
  }

  @Override
  public String prepareWorkers(Topology topology, Progress progress) {
    String image = new Images(docker, progress, imageSource, manager.endpoint()).buildApp(topology.spec())
        .reference();
    boolean registry = !topology.spec().images().registry().isEmpty();
    if (registry) {
      image = pushed(topology, image, progress);
    }
    List<String> images = new ArrayList<>(registry ? List.of() : List.of(image));
    // the partition helper, when there is one to copy: loading it in the middle of a fault would delay the fault
    DockerClient nemesis = nemesisSource();
    if (nemesis != null) {
      if (nemesis != docker) {
        new ImageTransfer(nemesis, docker, manager.endpoint(), progress).load(BaseImage.NEMESIS_TAG);
      }
      images.add(BaseImage.NEMESIS_TAG);
    }
    distribute(images, progress);
    return image;
  }

  @Override
  public String networkName(Topology topology) {
    return "overlay network " + topology.network();
  }

  @Override
  public void createNetwork(Topology topology) {
    docker.createNetworkCmd()
        .withName(topology.network())
        .withDriver("overlay")
        .withAttachable(true)
        .withCheckDuplicate(true)
        .withLabels(labels(topology.networkLabels()))
        .exec();
  }

  @Override
  public void createVolumes(Topology topology) {
    // each member's task creates its named volumes on its own node, labelled by the service's mount options
  }

  @Override
  public void createMembers(Topology topology, String image) {
    SwarmNodes n = nodes();
    List<Topology.Member> members = topology.members();
    parallel(indices(members.size()), i -> {
      Topology.Member m = members.get(i);
      docker.createServiceCmd(SwarmSpecs.member(topology, m, image, n.slot(i).id(), labels(m.labels()),
          labels(topology.volumeLabels(m)), 0)).exec();
    });
  }

  private static List<Integer> indices(int n) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(i);
    }
    return list;
  }

  @Override
  public void startMembers(Topology topology) {
    parallel(topology.members(), m -> scale(m.container(), 1));
    parallel(topology.members(), m -> awaitRunning(m.container(), m.service()));
  }

  @Override
  public void startApps(Topology topology, String zkorchImage) {
    SwarmNodes n = nodes();
    List<Topology.App> apps = topology.apps();
    parallel(indices(apps.size()), i -> {
      Topology.App a = apps.get(i);
      String image = a.image().equals(Topology.appImage()) && zkorchImage != null ? zkorchImage : a.image();
      docker.createServiceCmd(SwarmSpecs.app(topology, a, image, n.slot(i).id(), labels(a.labels()))).exec();
    });
    parallel(apps, a -> awaitRunning(a.container(), a.service() + "-" + a.replica()));
  }

  /** Sets a service's replica count (0 stops its task, 1 starts a new one on the same node). */
  private void scale(String service, int replicas) {
    update(service, spec -> spec.withMode(new ServiceModeConfig().withReplicated(
        new ServiceReplicatedModeOptions().withReplicas(replicas))));
  }

  /**
   * Changes a service's spec at its current version; "update out of sequence" (the swarm changed the service since it
   * was read, as it does right after creating one) reads it again and retries.
   */
  private void update(String service, java.util.function.UnaryOperator<ServiceSpec> change) {
    for (int attempt = 1; ; attempt++) {
      Service s = docker.inspectServiceCmd(service).exec();
      try {
        docker.updateServiceCmd(s.getId(), change.apply(s.getSpec())).withVersion(s.getVersion().getIndex()).exec();
        return;
      } catch (DockerException e) {
        if (attempt == 20 || !String.valueOf(e.getMessage()).contains("out of sequence")) {
          throw e;
        }
        sleep(50L * attempt);
      }
    }
  }

  /** Waits until the service's task runs; a task the swarm rejects is an error with the swarm's own reason. */
  private void awaitRunning(String service, String what) {
    long giveUp = System.nanoTime() + TASK_START.toNanos();
    String last = "no task yet";
    while (System.nanoTime() < giveUp) {
      Optional<Task> task = currentTask(tasks(service));
      if (task.isPresent()) {
        TaskState state = task.get().getStatus().getState();
        if (state == TaskState.RUNNING) {
          return;
        }
        String err = task.get().getStatus().getErr();
        if (state == TaskState.REJECTED || state == TaskState.FAILED) {
          String node = nodes().get(task.get().getNodeId()).map(SwarmNodes.Host::hostname).orElse("?");
          throw ZkorchException.failure("The swarm could not run " + what + " on node " + node + ": "
              + (err == null ? task.get().getStatus().getMessage() : err) + ".");
        }
        last = state.getValue() + (err == null ? "" : " (" + err + ")");
      }
      sleep(200);
    }
    throw ZkorchException.failure("The task of " + what + " did not run within " + TASK_START.toSeconds() + " s ("
        + last + "); `docker service ps " + service + "` on the manager shows why.");
  }

  // --------------------------------------------------------------------------------------------- inventory

  private List<Service> services(String labelFilter) {
    nodes(); // a clear sentence, not the engine's 503, when DOCKER_HOST is not a swarm manager
    Map<String, String> filter = new LinkedHashMap<>();
    int eq = labelFilter.indexOf('=');
    if (eq < 0) {
      filter.put(labelFilter, "");
    } else {
      filter.put(labelFilter.substring(0, eq), labelFilter.substring(eq + 1));
    }
    List<Service> all = docker.listServicesCmd().withLabelFilter(filter).exec();
    // an empty value filters on the key alone in the engine; keep only services that carry the key
    return all.stream().filter(s -> s.getSpec().getLabels() != null
        && s.getSpec().getLabels().containsKey(filter.keySet().iterator().next())).toList();
  }

  /** The tasks of one service (by name or id), old ones included. */
  private List<Task> tasks(String service) {
    return docker.listTasksCmd().withServiceFilter(service).exec();
  }

  /** The task the swarm wants running (the newest such), else the newest task. */
  private static Optional<Task> currentTask(List<Task> tasks) {
    Comparator<Task> newest = Comparator.comparing((Task t) -> String.valueOf(t.getCreatedAt())).reversed();
    Optional<Task> wanted = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).sorted(newest)
        .findFirst();
    return wanted.isPresent() ? wanted : tasks.stream().sorted(newest).findFirst();
  }

  /** A task and where its container is. */
  private record Placed(Service service, Task task, SwarmNodes.Host host, String containerId) {}

  private Optional<Placed> placed(Service s, List<Task> tasks) {
    Optional<Task> task = currentTask(tasks);
    if (task.isEmpty()) {
      return Optional.empty();
    }
    SwarmNodes.Host host = nodes().get(task.get().getNodeId()).orElse(null);
    var cs = task.get().getStatus().getContainerStatus();
    return Optional.of(new Placed(s, task.get(), host, cs == null ? null : cs.getContainerID()));
  }

  @Override
  public List<ClusterState> list() {
    Set<String> names = new TreeSet<>();
    for (Service s : services(Labels.CLUSTER)) {
      names.add(s.getSpec().getLabels().get(Labels.CLUSTER));
    }
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(Labels.CLUSTER)).exec()) {
      if ("swarm".equals(n.getScope())) {
        names.add(n.getLabels().get(Labels.CLUSTER));
      }
    }
    List<ClusterState> result = new ArrayList<>();
    for (String name : names) {
      find(name).ifPresent(result::add);
    }
    return result;
  }

  @Override
  public Optional<ClusterState> find(String cluster) {
    String filter = Labels.CLUSTER + "=" + cluster;
    List<Service> services = services(filter);
    var network = CompletableFuture.supplyAsync(() -> docker.listNetworksCmd().withFilter("label", List.of(filter))
        .exec().stream().anyMatch(n -> "swarm".equals(n.getScope())), pool);
    var volumes = CompletableFuture.supplyAsync(() -> volumes(filter).values().stream().flatMap(List::stream)
        .distinct().sorted().toList(), pool);
    // every service's tasks in one call, by service id
    Map<String, List<Task>> tasks = new TreeMap<>();
    if (!services.isEmpty()) {
      for (Task t : docker.listTasksCmd().withServiceFilter(services.stream().map(Service::getId)
          .toArray(String[]::new)).exec()) {
        tasks.computeIfAbsent(t.getServiceId(), k -> new ArrayList<>()).add(t);
      }
    }
    List<CompletableFuture<Node>> nodes = new ArrayList<>();
    for (Service s : services) {
      nodes.add(CompletableFuture.supplyAsync(() -> node(s, tasks.getOrDefault(s.getId(), List.of())), pool));
    }
    ClusterState state = new ClusterState(cluster, nodes.stream().map(CompletableFuture::join).toList(),
        network.join(), volumes.join(), manager.host());
    return state.empty() ? Optional.empty() : Optional.of(state);
  }

  /** The cluster's volumes on every reachable node, by node id. */
  private Map<String, List<String>> volumes(String filter) {
    Map<String, List<String>> by = new TreeMap<>();
    for (SwarmNodes.Host h : nodes().all()) {
      if (h.reachable()) {
        var vols = h.engine().client().listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (vols != null && !vols.isEmpty()) {
          by.put(h.id(), vols.stream().map(v -> v.getName()).toList());
        }
      }
    }
    return by;
  }

  private Node node(Service s, List<Task> tasks) {
    Map<String, String> labels = s.getSpec().getLabels();
    boolean member = Labels.ROLE_MEMBER.equals(labels.get(Labels.ROLE));
    long replicas = s.getSpec().getMode() == null || s.getSpec().getMode().getReplicated() == null ? 1
        : s.getSpec().getMode().getReplicated().getReplicas();
    Optional<Placed> placed = placed(s, tasks);
    NodeState state = NodeState.EXITED;
    int hostPort = 0;
    String host = null;
    String location = null;
    if (placed.isPresent()) {
      Placed p = placed.get();
      location = p.host() == null ? p.task().getNodeId() : p.host().hostname();
      host = p.host() != null && p.host().reachable() ? p.host().engine().host() : null;
      state = replicas == 0 && p.task().getDesiredState() != TaskState.RUNNING ? NodeState.EXITED
          : taskState(p.task().getStatus().getState());
      if (state == NodeState.RUNNING && p.containerId() != null && p.host() != null && p.host().reachable()) {
        try {
          var c = p.host().engine().client().inspectContainerCmd(p.containerId()).exec();
          if (Boolean.TRUE.equals(c.getState().getPaused())) {
            state = NodeState.PAUSED;
          }
          if (member) {
            hostPort = publishedPort(c.getNetworkSettings().getPorts());
          }
        } catch (NotFoundException gone) {
          state = NodeState.EXITED;
        }
      }
    }
    String name = s.getSpec().getName();
    String image = s.getSpec().getTaskTemplate().getContainerSpec().getImage();
    return new Node(
        labels.getOrDefault(Labels.SERVICE, name),
        name,
        NodeRole.ofLabel(labels.get(Labels.ROLE)),
        Integer.parseInt(labels.getOrDefault(Labels.MEMBER_ID, "0")),
        "observer".equals(labels.get(Labels.MEMBER_TYPE)),
        Integer.parseInt(labels.getOrDefault(Labels.REPLICA, "0")),
        state,
        hostPort,
        image,
        "true".equals(labels.get(SwarmSpecs.PARTITIONED)), // cut off entirely; cuts and chaos are shaped()
        host,
        location);
  }

  private static int publishedPort(Ports ports) {
    if (ports == null || ports.getBindings() == null) {
      return 0;
    }
    Ports.Binding[] b = ports.getBindings().get(ExposedPort.tcp(Topology.CLIENT_PORT));
    return b == null || b.length == 0 || b[0].getHostPortSpec() == null ? 0 : Integer.parseInt(b[0].getHostPortSpec());
  }

  /** A task's state in the words zkorch uses for containers. */
  static NodeState taskState(TaskState s) {
    return switch (s) {
      case RUNNING -> NodeState.RUNNING;
      case COMPLETE, SHUTDOWN, REMOVE -> NodeState.EXITED;
      case FAILED, REJECTED, ORPHANED -> NodeState.DEAD;
      default -> NodeState.CREATED; // new ... starting: on its way to running
    };
  }

  // --------------------------------------------------------------------------------------------- removal

  @Override
  public List<String> remove(String cluster, boolean volumes) {
    String filter = Labels.CLUSTER + "=" + cluster;
    List<String> removed = new ArrayList<>();
    List<Service> services = services(filter);
    for (SwarmNodes.Host h : nodes().all()) {
      if (h.reachable()) { // link chaos's marks run beside the tasks, on their nodes: they go first
        DockerClient node = h.engine().client();
        for (Container m : new io.zkorch.runtime.docker.DockerNemesis(node, this::labels).marks(cluster)) {
          try {
            node.removeContainerCmd(m.getId()).withForce(true).exec();
            removed.add("network-fault helper " + io.zkorch.runtime.docker.DockerNemesis.containerName(m) + " on "
                + h.hostname());
          } catch (NotFoundException gone) {
            // removed already
          }
        }
      }
    }
    parallel(services, s -> {
      try {
        docker.removeServiceCmd(s.getId()).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    });
    services.forEach(s -> removed.add("service " + s.getSpec().getName()));
    awaitContainersGone(filter);
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
      if (!"swarm".equals(n.getScope())) {
        continue;
      }
      removeWithRetry(() -> docker.removeNetworkCmd(n.getId()).exec());
      removed.add("network " + n.getName());
    }
    if (volumes) {
      for (SwarmNodes.Host h : nodes().all()) {
        if (!h.reachable()) {
          continue;
        }
        DockerClient node = h.engine().client();
        var vols = node.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        for (var v : vols == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : vols) {
          removeWithRetry(() -> node.removeVolumeCmd(v.getName()).exec());
          removed.add("volume " + v.getName() + " on " + h.hostname());
        }
      }
    }
    return removed;
  }

  /** Task containers go a moment after their service; the network and volumes can only go after them. */
  private void awaitContainersGone(String filter) {
    long giveUp = System.nanoTime() + TASKS_GONE.toNanos();
    while (System.nanoTime() < giveUp) {
      boolean left = false;
      for (SwarmNodes.Host h : nodes().all()) {
        if (h.reachable() && !h.engine().client().listContainersCmd().withShowAll(true)
            .withLabelFilter(List.of(filter)).exec().isEmpty()) {
          left = true;
        }
      }
      if (!left) {
        return;
      }
      sleep(250);
    }
  }

  private static void removeWithRetry(Runnable removal) {
    for (int attempt = 1; ; attempt++) {
      try {
        removal.run();
        return;
      } catch (NotFoundException gone) {
        return;
      } catch (ConflictException | com.github.dockerjava.api.exception.InternalServerErrorException inUse) {
        // "in use": a task container on some node is still being removed
        if (attempt == 60) {
          throw ZkorchException.failure("Could not remove it: " + inUse.getMessage());
        }
        sleep(500);
      }
    }
  }

  // --------------------------------------------------------------------------------------------- diagnostics

  /** The service of a member or app of the cluster, by target name (zk2, probe-1, lock-w3) or service name. */
  private Service service(String cluster, String target) {
    List<Service> all = services(Labels.CLUSTER + "=" + cluster);
    if (all.isEmpty()) {
      throw ZkorchException.usage("There is no cluster named " + cluster + " on this swarm; `zkorch ls --runtime"
          + " swarm` lists the clusters.");
    }
    List<String> known = new ArrayList<>();
    for (Service s : all) {
      String svc = s.getSpec().getLabels().getOrDefault(Labels.SERVICE, s.getSpec().getName());
      String t = targetOf(s);
      if (target.equals(t) || target.equals(s.getSpec().getName()) || target.equals(svc)) {
        return s;
      }
      known.add(t);
    }
    throw ZkorchException.usage("Cluster " + cluster + " has no member or app named " + target + "; it has " + known
        + ".");
  }

  /** The name faults and logs use for a service's node ({@link io.zkorch.runtime.Node#target()}): zk2, probe-1. */
  private static String targetOf(Service s) {
    Map<String, String> labels = s.getSpec().getLabels();
    String svc = labels.getOrDefault(Labels.SERVICE, s.getSpec().getName());
    int replica = Integer.parseInt(labels.getOrDefault(Labels.REPLICA, "0"));
    boolean member = Labels.ROLE_MEMBER.equals(labels.get(Labels.ROLE));
    return member || replica == 0 ? svc : svc + "-" + replica;
  }

  /** The running container of a target, on a node whose engine zkorch reaches; a clear error otherwise. */
  private Placed running(String cluster, String target, String forWhat) {
    Service s = service(cluster, target);
    Placed p = placed(s, tasks(s.getId()))
        .orElseThrow(() -> ZkorchException.usage(target + " of cluster " + cluster + " has no task; `zkorch fault"
            + " heal " + cluster + "` starts it again."));
    if (p.task().getStatus().getState() != TaskState.RUNNING || p.containerId() == null) {
      throw ZkorchException.usage(target + " of cluster " + cluster + " is not running ("
          + p.task().getStatus().getState().getValue() + "); `zkorch fault heal " + cluster + "` brings everything"
          + " back.");
    }
    if (p.host() == null || !p.host().reachable()) {
      String node = p.host() == null ? p.task().getNodeId() : p.host().hostname();
      throw ZkorchException.usage(forWhat + " " + target + " needs the engine of node " + node + ", which zkorch"
          + " does not reach; list it with --node tcp://ADDRESS:2375.");
    }
    return p;
  }

  @Override
  public String logs(String cluster, String service, int tail) {
    Service s = service(cluster, service);
    List<Task> tasks = tasks(s.getId());
    List<Task> newestFirst = tasks.stream()
        .sorted(Comparator.comparing((Task t) -> String.valueOf(t.getCreatedAt())).reversed()).toList();
    for (Task t : newestFirst) {
      var cs = t.getStatus().getContainerStatus();
      Optional<SwarmNodes.Host> h = nodes().get(t.getNodeId());
      if (cs != null && cs.getContainerID() != null && h.isPresent() && h.get().reachable()) {
        try {
          return DockerOutput.of(h.get().engine().client(), cs.getContainerID(), true, true, tail);
        } catch (NotFoundException gone) {
          // an older task's container was pruned: try the next
        }
      }
    }
    return "";
  }

  @Override
  public List<Path> exportLogs(String cluster, Path dir) {
    List<Service> all = services(Labels.CLUSTER + "=" + cluster);
    if (all.isEmpty()) {
      throw ZkorchException.usage("There is no cluster named " + cluster + "; `zkorch ls` lists the clusters.");
    }
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      var json = new com.fasterxml.jackson.databind.ObjectMapper()
          .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .writerWithDefaultPrettyPrinter();
      for (Service s : all) {
        String base = s.getSpec().getName().substring(cluster.length() + 1);
        Path log = dir.resolve(base + ".log");
        Files.writeString(log, logs(cluster, s.getSpec().getName(), 0));
        Path inspect = dir.resolve(base + ".service.json");
        Files.writeString(inspect, json.writeValueAsString(s));
        Path tasks = dir.resolve(base + ".tasks.json");
        Files.writeString(tasks, json.writeValueAsString(tasks(s.getId())));
        written.addAll(List.of(log, inspect, tasks));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  @Override
  public String fourLetterWordInside(String cluster, String target, String word) {
    if (!word.matches("[a-z]{4}")) {
      throw new IllegalArgumentException("not a four-letter word: " + word);
    }
    Placed p = running(cluster, target, "Asking");
    DockerClient node = p.host().engine().client();
    String script = "exec 3<>/dev/tcp/127.0.0.1/" + Topology.CLIENT_PORT + " && printf " + word + " >&3 && cat <&3";
    String exec = node.execCreateCmd(p.containerId()).withCmd("bash", "-c", script).withAttachStdout(true)
        .withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    DockerOutput.await(node.execStartCmd(exec).exec(DockerOutput.collector(out)), 10);
    return out.toString();
  }

  // --------------------------------------------------------------------------------------------- node control

  /**
   * SIGKILL through the node's engine (a real crash), then the service scaled to zero so that the swarm does not
   * replace the task before {@link #start}: a killed member stays down until healed, as on Docker.
   */
  @Override
  public void kill(String cluster, String target) {
    Placed p = running(cluster, target, "Killing");
    p.host().engine().client().killContainerCmd(p.containerId()).exec();
    if (p.task().getSpec().getRestartPolicy() != null
        && p.task().getSpec().getRestartPolicy().getCondition() != com.github.dockerjava.api.model
        .ServiceRestartCondition.NONE) {
      scale(p.service().getSpec().getName(), 0);
    }
  }

  /** A new task of the service on the same node, with the same volume. */
  @Override
  public void start(String cluster, String target) {
    Service s = service(cluster, target);
    scale(s.getSpec().getName(), 1);
    awaitRunning(s.getSpec().getName(), target);
  }

  @Override
  public void pause(String cluster, String target) {
    Placed p = running(cluster, target, "Pausing");
    try {
      p.host().engine().client().pauseContainerCmd(p.containerId()).exec();
    } catch (ConflictException e) {
      throw ZkorchException.usage(target + " of cluster " + cluster + " cannot be paused: " + e.getMessage());
    }
  }

  @Override
  public void unpause(String cluster, String target) {
    Placed p = running(cluster, target, "Resuming");
    p.host().engine().client().unpauseContainerCmd(p.containerId()).exec();
  }

  // --------------------------------------------------------------------------------------------- partitions

  /**
   * Cuts the member off the overlay's subnet, both ways, from a helper container in its network namespace on its node
   * (the member image needs no tools, and no swarm DNS record is touched: disconnecting a task from an overlay by hand
   * loses its name for good). TCP is refused with a reset rather than silently dropped, so both sides notice at once,
   * as when a container is disconnected on Docker; ZooKeeper's election otherwise waits out connection timeouts to
   * the lost member (23 s measured here with DROP). Its client port, published on the node, stays reachable, so
   * zkorch still sees it say it is not serving. The service is marked, so a later heal finds it.
   */
  @Override
  public void disconnect(String cluster, String target) {
    Placed p = running(cluster, target, "Partitioning");
    List<String> rules = partitionRules(subnet(cluster));
    nemesis(p, cluster, String.join(" && ", rules.stream().map(r -> "iptables -w -A " + r).toList()));
    label(p.service().getSpec().getName(), SwarmSpecs.PARTITIONED, "true");
  }

  /** The iptables rules (chain and match) that cut a member off {@code subnet}. */
  static List<String> partitionRules(String subnet) {
    return List.of(
        "INPUT ! -i lo -s " + subnet + " -p tcp -j REJECT --reject-with tcp-reset",
        "INPUT ! -i lo -s " + subnet + " -j DROP",
        "OUTPUT ! -o lo -d " + subnet + " -p tcp -j REJECT --reject-with tcp-reset",
        "OUTPUT ! -o lo -d " + subnet + " -j DROP");
  }

  @Override
  public void connect(String cluster, String target) {
    Service s = service(cluster, target);
    Optional<Placed> p = placed(s, tasks(s.getId()));
    if (p.isPresent() && p.get().task().getStatus().getState() == TaskState.RUNNING && p.get().host() != null
        && p.get().host().reachable() && p.get().containerId() != null) {
      // link chaos: its rules from inside its running mark, then the mark (and its delayer) goes
      DockerClient node = p.get().host().engine().client();
      node.listContainersCmd().withIdFilter(List.of(p.get().containerId())).exec()
          .forEach(c -> new io.zkorch.runtime.docker.DockerNemesis(node, this::labels).heal(cluster, c));
      // every rule, each only while present: a task the swarm replaced meanwhile has none
      nemesis(p.get(), cluster, String.join("; ", partitionRules(subnet(cluster)).stream()
          .map(r -> "while iptables -w -D " + r + " 2>/dev/null; do :; done").toList()) + "; "
          + io.zkorch.runtime.docker.DockerNemesis.HEAL_SCRIPT);
    }
    // a mark whose task the swarm replaced holds nothing any more: it goes too, wherever it is (marks are labelled
    // with the target they were made for)
    String service = targetOf(s);
    for (SwarmNodes.Host h : nodes().all()) {
      if (h.reachable()) {
        DockerClient node = h.engine().client();
        new io.zkorch.runtime.docker.DockerNemesis(node, this::labels).marks(cluster).stream()
            .filter(m -> service.equals(m.getLabels().get(Labels.SERVICE)))
            .forEach(m -> node.removeContainerCmd(m.getId()).withForce(true).exec());
      }
    }
    label(s.getSpec().getName(), SwarmSpecs.PARTITIONED, null);
  }

  /** The members and apps with cuts or link chaos on them (their services' partitioned label), for a heal. */
  @Override
  public List<String> shaped(String cluster) {
    List<String> out = new ArrayList<>();
    for (Service s : services(Labels.CLUSTER + "=" + cluster)) {
      String value = s.getSpec().getLabels().get(SwarmSpecs.PARTITIONED);
      if (value != null && !value.equals("true")) {
        out.add(targetOf(s));
      }
    }
    return out;
  }

  /**
   * Link chaos, as on Docker: the helper (with its packet delayer) runs in the node's network namespace on its node
   * and stays running as the fault's mark; the service is marked with what was done, so that a heal from any process
   * finds it. Loss on a link goes on the receiving end; the rest where it is sent.
   */
  @Override
  public String shape(String cluster, String from, io.zkorch.spec.Fault.LinkChaos chaos, String to) {
    java.util.Set<String> linked = linkEnds(cluster);
    Placed source = running(cluster, from, "Shaping");
    refuseMarked(cluster, from, source, linked);
    Placed sink = null;
    if (to != null) {
      sink = running(cluster, to, "Shaping");
      refuseMarked(cluster, to, sink, linked);
    }
    boolean atSink = sink != null && chaos.lossPercent() > 0;
    Placed p = atSink ? sink : source;
    String target = atSink ? to : from;
    String peer = sink == null ? null : overlayAddress(cluster, atSink ? from : to, atSink ? source : sink);
    List<String> destinations = new ArrayList<>();
    if (chaos.duplicatePercent() > 0 && sink == null) {
      // a node's duplicates go to every other task on the overlay
      for (Service s : services(Labels.CLUSTER + "=" + cluster)) {
        Optional<Placed> q = placed(s, tasks(s.getId()));
        if (q.isPresent() && q.get().containerId() != null && !q.get().containerId().equals(p.containerId())
            && q.get().task().getStatus().getState() == TaskState.RUNNING && q.get().host() != null
            && q.get().host().reachable()) {
          try {
            destinations.add(overlayAddress(cluster, s.getSpec().getName(), q.get()));
          } catch (ZkorchException notOnIt) {
            // not on the overlay (yet): nothing to duplicate to
          }
        }
      }
    }
    String what = io.zkorch.runtime.docker.DockerNemesis.what(chaos, from, to);
    DockerClient node = p.host().engine().client();
    requireNemesis(p);
    Container c = node.listContainersCmd().withIdFilter(List.of(p.containerId())).exec().stream().findFirst()
        .orElseThrow(() -> ZkorchException.usage(target + " of cluster " + cluster + " is not running; `zkorch fault"
            + " heal " + cluster + "` brings everything back."));
    io.zkorch.runtime.docker.DockerNemesis nemesis = new io.zkorch.runtime.docker.DockerNemesis(node, this::labels);
    nemesis.apply(cluster, target, c, "chaos", what,
        io.zkorch.runtime.docker.DockerNemesis.chaosScript(chaos, destinations, peer));
    try {
      label(p.service().getSpec().getName(), SwarmSpecs.PARTITIONED, "chaos " + what);
    } catch (RuntimeException e) {
      nemesis.heal(cluster, c); // all or nothing
      throw e;
    }
    return target;
  }

  /** A task's address on the cluster's overlay network, from its container on its node. */
  private String overlayAddress(String cluster, String name, Placed q) {
    var nets = q.host().engine().client().inspectContainerCmd(q.containerId()).exec().getNetworkSettings()
        .getNetworks();
    var net = nets == null ? null : nets.get(Topology.networkName(cluster));
    if (net == null || net.getIpAddress() == null || net.getIpAddress().isEmpty()) {
      throw ZkorchException.usage(name + " of cluster " + cluster + " has no address on its overlay network.");
    }
    return net.getIpAddress();
  }

  /**
   * Cuts single links, as on Docker: iptables rules with zkorch's comment, put in by the helper in the node's
   * network namespace on its node, against the peers' addresses on the overlay; the service is marked partitioned, so
   * that a heal (from any process) finds it and {@link #connect} removes the rules. All or nothing.
   */
  @Override
  public void cut(String cluster, List<io.zkorch.runtime.Partitioning.Cut> cuts) {
    Map<io.zkorch.runtime.Partitioning.Cut, Placed> placed = new java.util.LinkedHashMap<>();
    Map<io.zkorch.runtime.Partitioning.Cut, List<String>> addresses = new java.util.LinkedHashMap<>();
    java.util.Set<String> linked = linkEnds(cluster);
    for (io.zkorch.runtime.Partitioning.Cut cut : cuts) {
      Placed p = running(cluster, cut.node(), "Cutting");
      refuseMarked(cluster, cut.node(), p, linked);
      List<String> ips = new ArrayList<>();
      for (String peer : cut.peers()) {
        Placed q = running(cluster, peer, "Cutting");
        refuseMarked(cluster, peer, q, linked); // one network fault per node, on either end of a link
        ips.add(overlayAddress(cluster, peer, q));
      }
      placed.put(cut, p);
      addresses.put(cut, ips);
    }
    List<String> done = new ArrayList<>();
    try {
      for (io.zkorch.runtime.Partitioning.Cut cut : cuts) {
        Placed p = placed.get(cut);
        nemesis(p, cluster, io.zkorch.runtime.docker.DockerNemesis.cutScript(addresses.get(cut), cut.inboundOnly()));
        label(p.service().getSpec().getName(), SwarmSpecs.PARTITIONED, "cut " + String.join(" ", cut.links()));
        done.add(cut.node());
      }
    } catch (RuntimeException e) {
      for (String n : done) {
        connect(cluster, n);
      }
      throw e;
    }
  }

  /** The nodes at either end of every link cut in the cluster (from its services' partitioned labels). */
  private java.util.Set<String> linkEnds(String cluster) {
    java.util.Set<String> ends = new java.util.TreeSet<>();
    for (Service s : services(Labels.CLUSTER + "=" + cluster)) {
      ends.addAll(Partitioning.ends(s.getSpec().getLabels().get(SwarmSpecs.PARTITIONED)));
    }
    return ends;
  }

  private static void refuseMarked(String cluster, String target, Placed p, java.util.Set<String> linked) {
    if (linked.contains(target) || p.service().getSpec().getLabels() != null
        && p.service().getSpec().getLabels().containsKey(SwarmSpecs.PARTITIONED)) {
      throw Partitioning.faultedAlready(cluster, target);
    }
  }

  private String subnet(String cluster) {
    var net = docker.inspectNetworkCmd().withNetworkId(Topology.networkName(cluster)).exec();
    return net.getIpam().getConfig().get(0).getSubnet();
  }

  /** The engine that has the partition helper image: this machine's, else the manager's; null when neither. */
  private DockerClient nemesisSource() {
    if (imageSource != null && ImageTransfer.present(imageSource, BaseImage.NEMESIS_TAG)) {
      return imageSource;
    }
    return ImageTransfer.present(docker, BaseImage.NEMESIS_TAG) ? docker : null;
  }

  /** Runs {@code script} in a helper container in the target's network namespace on its node, with NET_ADMIN. */
  private void nemesis(Placed p, String cluster, String script) {
    DockerClient node = p.host().engine().client();
    String image = BaseImage.NEMESIS_TAG;
    requireNemesis(p);
    Map<String, String> own = new TreeMap<>();
    own.put(Labels.CLUSTER, cluster);
    own.put(Labels.ROLE, "nemesis");
    String id = node.createContainerCmd(image)
        .withCmd("sh", "-c", script)
        .withLabels(labels(own))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + p.containerId())
            .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN))
        .exec().getId();
    try {
      node.startContainerCmd(id).exec();
      int code = node.waitContainerCmd(id).start().awaitStatusCode(30, java.util.concurrent.TimeUnit.SECONDS);
      if (code != 0) {
        throw ZkorchException.failure("The network-fault helper on node " + p.host().hostname() + " failed (exit "
            + code + "): " + DockerOutput.of(node, id, true, true, 20).strip());
      }
    } finally {
      node.removeContainerCmd(id).withForce(true).exec();
    }
  }

  /** Loads the network-fault helper image onto the task's node when it lacks it. */
  private void requireNemesis(Placed p) {
    DockerClient node = p.host().engine().client();
    String image = BaseImage.NEMESIS_TAG;
    if (!ImageTransfer.present(node, image)) {
      DockerClient from = nemesisSource();
      if (from == null) {
        throw ZkorchException.usage("Network faults on a swarm run in a helper container (" + image + "), and"
            + " neither this machine nor the manager has that image; build it once with `zkorch image nemesis`.");
      }
      new ImageTransfer(from, node, "node " + p.host().hostname(), Progress.silent()).load(image);
    }
  }

  /** Sets (or, with null, removes) a service-level label: the task template is untouched, so no task restarts. */
  private void label(String service, String key, String value) {
    update(service, spec -> {
      Map<String, String> labels = new TreeMap<>(spec.getLabels());
      if (value == null) {
        labels.remove(key);
      } else {
        labels.put(key, value);
      }
      return spec.withLabels(labels);
    });
  }

  // --------------------------------------------------------------------------------------------- workers

  @Override
  public Map<String, WorkerResult> runWorkers(Topology topology, String image, String scenario,
      List<WorkerRun> workers, Duration timeout) {
    return new SwarmWorkers(docker, nodes(), this::labels, pool).run(topology, image, scenario, workers, timeout);
  }

  // --------------------------------------------------------------------------------------------- plumbing

  private <T> void parallel(Collection<T> items, Consumer<T> action) {
    Parallel.each(items, action, pool);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while waiting for the swarm.");
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (nodes != null) {
      nodes.close(manager);
    } else {
      nodeEngines.forEach(DockerEngine::close);
    }
    manager.close();
    if (imageSource != null) {
      try {
        imageSource.close();
      } catch (IOException e) {
        // closing a connection pool
      }
    }
  }
}
