package io.zkorch.runtime.local;

import io.zkorch.ZkorchException;
import io.zkorch.health.FourLetterWords;
import io.zkorch.image.Images;
import io.zkorch.image.ZooCfg;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.spec.AppSpec;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a cluster as local processes, no Docker at all: each member is a real ZooKeeper server (QuorumPeerMain from
 * the same jars the member image carries) in its own JVM on 127.0.0.1, with free ports and its own data directory,
 * configured through the same zoo.cfg template; apps and scenario workers are zkorch JVMs with ZK_HOSTS set.
 *
 * <p>Everything lives under a state folder ({@code ~/.zkorch/clusters/NAME}, or {@code $ZKORCH_HOME/clusters/NAME}):
 * one directory per node with its command line (node.properties), pid, log and data. Any later zkorch process finds a cluster there,
 * even when the process that booted it died, and {@code down} kills what is left and deletes the folder.
 */
public final class LocalProvider implements Provider {

  /** Environment variable that moves the state folder (default ~/.zkorch). */
  public static final String HOME_ENV = io.zkorch.ZkorchHome.ENV;

  private final Path home;

  public LocalProvider(Path home) {
    this.home = home;
  }

  /** The local runtime on the default state folder. */
  public static LocalProvider open() {
    return new LocalProvider(io.zkorch.ZkorchHome.path());
  }

  @Override
  public String name() {
    return "local";
  }

  public Path home() {
    return home;
  }

  /** Whether process {@code pid} runs (a zombie waiting for init to reap it does not). */
  public static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(Pids::alive).orElse(false);
  }

  /** Whether a cluster of this name has a state folder here. */
  public boolean has(String cluster) {
    return Files.isDirectory(dir(cluster));
  }

  private Path dir(String cluster) {
    return home.resolve("clusters").resolve(cluster);
  }

  private Path dataDir(String cluster, String member) {
    return dir(cluster).resolve("data").resolve(member);
  }

  private Path nodeDir(String cluster, String target) {
    return dir(cluster).resolve("nodes").resolve(target);
  }

  // ------------------------------------------------------------------------------------------------ prepare

  @Override
  public Prepared prepare(Topology topology, Progress progress) {
    if (!topology.spec().zookeeper().image().isEmpty()) {
      throw ZkorchException.usage("zookeeper.image (" + topology.spec().zookeeper().image() + ") is a Docker image;"
          + " the local runtime runs ZooKeeper " + topology.spec().zookeeper().version() + " from its jars. Remove"
          + " zookeeper.image or use --runtime docker.");
    }
    for (AppSpec app : topology.spec().apps()) {
      if (!app.usesZkorchImage()) {
        throw ZkorchException.usage("App " + app.name() + " runs the image " + app.image() + "; the local runtime"
            + " runs only zkorch's own app commands (apps without image:). Use --runtime docker.");
      }
    }
    Progress.Step step = progress.start("ZooKeeper " + topology.spec().zookeeper().version() + " jars");
    Path lib = zookeeperJars(topology.spec().zookeeper().version(), progress);
    step.ok(lib.toString());
    boolean apps = !topology.apps().isEmpty();
    return new Prepared(lib.toString(), apps ? Images.zkorchJar().toString() : null);
  }

  @Override
  public String prepareWorkers(Topology topology, Progress progress) {
    return Images.zkorchJar().toString();
  }

  /** The server's jars in ~/.zkorch/zookeeper/VERSION, with their class-data archive. */
  private Path zookeeperJars(String version, Progress progress) {
    return new LocalDistribution(home).jars(version, progress);
  }

  /** java and the flags of a member JVM, up to (not including) its main class. */
  private static List<String> memberJvm(Path lib, Path nodeDir) {
    return LocalDistribution.memberJvm(lib, nodeDir);
  }

  // --------------------------------------------------------------------------------------------- bring-up

  @Override
  public String networkName(Topology topology) {
    return "state folder " + dir(topology.cluster()) + " (ports on 127.0.0.1)";
  }

  /** The state folder and every member's free ports (client, quorum, election), all on 127.0.0.1. */
  @Override
  public void createNetwork(Topology topology) {
    try {
      Files.createDirectories(dir(topology.cluster()).resolve("nodes"));
      Map<String, int[]> ports = new TreeMap<>();
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (Topology.Member m : topology.members()) {
          int[] p = new int[3];
          for (int i = 0; i < 3; i++) {
            ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            held.add(s); // held until all are chosen, so that no two are the same
            p[i] = s.getLocalPort();
          }
          ports.put(m.service(), p);
        }
      } finally {
        for (ServerSocket s : held) {
          s.close();
        }
      }
      java.util.Properties p = new java.util.Properties();
      ports.forEach((member, ps) -> p.setProperty(member, ps[0] + " " + ps[1] + " " + ps[2]));
      store(p, dir(topology.cluster()).resolve("ports.properties"));
    } catch (IOException e) {
      throw ZkorchException.environment("Could not create " + dir(topology.cluster()) + ": " + e.getMessage(), e);
    }
  }

  /** Member → [client, quorum, election] port, in member order. */
  private Map<String, List<Integer>> ports(String cluster) {
    java.util.Properties p = load(dir(cluster).resolve("ports.properties"));
    Map<String, List<Integer>> ports = new TreeMap<>();
    for (String member : p.stringPropertyNames()) {
      ports.put(member, java.util.Arrays.stream(p.getProperty(member).split(" ")).map(Integer::valueOf).toList());
    }
    return ports;
  }

  private static void store(java.util.Properties p, Path file) throws IOException {
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "zkorch local runtime");
    }
  }

  private static java.util.Properties load(Path file) {
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** 127.0.0.1:PORT of every member: what apps and workers get as ZK_HOSTS here. */
  public String connectString(String cluster) {
    return ports(cluster).values().stream().map(p -> "127.0.0.1:" + p.get(0)).collect(Collectors.joining(","));
  }

  @Override
  public void createVolumes(Topology topology) {
    // each member's data directory is made with its configuration
  }

  @Override
  public void createMembers(Topology topology, String lib) {
    Map<String, List<Integer>> ports = ports(topology.cluster());
    boolean clientTls = topology.spec().zookeeper().security().tls().client();
    // with client TLS the member's client port is its secure port alone (no plaintext port here: zkorch's own checks
    // speak TLS), so the server lines name no plaintext client address
    String servers = topology.members().stream().map(m -> {
      List<Integer> p = ports.get(m.service());
      return "server." + m.id() + "=127.0.0.1:" + p.get(1) + ":" + p.get(2) + (m.observer() ? ":observer" : "")
          + (clientTls ? "" : ";127.0.0.1:" + p.get(0));
    }).collect(Collectors.joining(" "));
    for (Topology.Member m : topology.members()) {
      Path d = nodeDir(topology.cluster(), m.service());
      try {
        // data apart from the node's folder: `down --keep-data` keeps it, and a later `up` of the name reuses it
        Path data = dataDir(topology.cluster(), m.service());
        Files.createDirectories(data.resolve("data"));
        Files.createDirectories(data.resolve("datalog"));
        Files.createDirectories(d);
        Map<String, String> env = new LinkedHashMap<>(m.env());
        env.put("ZOO_SERVERS", servers);
        // local members each listen on their own client port, named in their server lines
        String secrets = d.resolve("secrets").toString();
        env.put("ZOO_CFG_EXTRA", java.util.Arrays.stream(env.getOrDefault("ZOO_CFG_EXTRA", "").split(" "))
            .filter(e -> !e.isEmpty() && !e.equals(Topology.CLIENT_PORT_ENTRY))
            .filter(e -> !clientTls || !(e.startsWith("clientPort=") || e.startsWith("clientPortAddress=")))
            .map(e -> e.equals("secureClientPort=" + Topology.CLIENT_PORT)
                ? "secureClientPort=" + ports.get(m.service()).get(0) : e)
            .map(e -> e.replace(Topology.SECRETS_DIR + "/", secrets + "/"))
            .collect(Collectors.joining(" ")));
        env.put("ZOO_DATA_DIR", data.resolve("data").toString());
        env.put("ZOO_DATA_LOG_DIR", data.resolve("datalog").toString());
        Files.writeString(d.resolve("zoo.cfg"), ZooCfg.render(env));
        Files.writeString(data.resolve("data").resolve("myid"), m.id() + "\n");
        List<String> cmd = memberJvm(Path.of(lib), d);
        int at = cmd.indexOf("-cp");
        if (Files.isRegularFile(LocalDistribution.archive(Path.of(lib)))) {
          List<String> flags = LocalDistribution.archiveFlags(LocalDistribution.archive(Path.of(lib)));
          cmd.addAll(at, flags);
          at += flags.size();
        }
        // members of one host boot within a second of each other, and a member's first election notifications to
        // peers still starting fail; ZooKeeper then waits 0.2, 0.4, 0.8 s ... between rounds. Capping that wait
        // (not the 0.2 s finalize wait, which decides when enough votes agree) lets them elect once all run.
        cmd.add(at++, "-Dzookeeper.fastleader.maxNotificationInterval=400");
        // JVMFLAGS (heap, the profile's properties) last before the class path, as in the member image
        for (String flag : m.env().getOrDefault("JVMFLAGS", "").trim().split("\\s+")) {
          if (!flag.isEmpty()) {
            cmd.add(at++, flag.replace(Topology.SECRETS_DIR + "/", secrets + "/"));
          }
        }
        cmd.addAll(List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain", d.resolve("zoo.cfg").toString()));
        write(d, new LocalNode(m.service(), m.service(), "member", m.id(), m.observer(), 0,
            ports.get(m.service()).get(0), cmd, Map.of()));
      } catch (IOException e) {
        throw ZkorchException.environment("Could not write member " + m.service() + " to " + d + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void write(Path d, LocalNode node) throws IOException {
    Files.createDirectories(d);
    store(node.toProperties(), d.resolve("node.properties"));
  }

  private Optional<LocalNode> read(Path d) {
    Path file = d.resolve("node.properties");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalNode.fromProperties(load(file)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A secure cluster's member files in each member's folder ({@code nodes/zkN/secrets}, 0700, files 0600): the
   * member's zoo.cfg and JVM flags name them there.
   */
  @Override
  public void installSecrets(Topology topology, io.zkorch.security.ClusterSecrets secrets) {
    for (Topology.Member m : topology.members()) {
      writeSecrets(nodeDir(topology.cluster(), m.service()).resolve("secrets"), secrets.memberFiles(m.service()));
    }
  }

  /** The secrets app-side processes of the cluster need, read once; null when its clients need none. */
  private static io.zkorch.security.ClusterSecrets clientSecretsOf(Topology topology) {
    if (!topology.clientsNeedSecrets()) {
      return null;
    }
    return io.zkorch.security.ClusterSecrets.of(topology.cluster())
        .orElseThrow(() -> ZkorchException.usage("The secure cluster " + topology.cluster() + " has no secrets here ("
            + io.zkorch.security.ClusterSecrets.dirOf(topology.cluster()) + "); bring it up again with `zkorch up`."));
  }

  /**
   * Client files for an app or worker logging in as {@code user}, in its folder (its client.properties names that
   * folder); the env names them there. {@code env} as it is when {@code secrets} is null.
   */
  private static Map<String, String> clientSecrets(io.zkorch.security.ClusterSecrets secrets, Path d, String user,
      Map<String, String> env) {
    if (secrets == null) {
      return new LinkedHashMap<>(env);
    }
    Path folder = d.resolve("secrets");
    writeSecrets(folder, secrets.clientFiles(user, folder.toString()));
    Map<String, String> own = new LinkedHashMap<>(env);
    own.replaceAll((k, v) -> v.startsWith(Topology.SECRETS_DIR + "/") ? folder + v.substring(
        Topology.SECRETS_DIR.length()) : v);
    return own;
  }

  private static void writeSecrets(Path folder, Map<String, byte[]> files) {
    try {
      Files.createDirectories(folder.getParent());
      if (!Files.isDirectory(folder)) {
        Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      }
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path file = folder.resolve(f.getKey());
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(file, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void startMembers(Topology topology) {
    parallel(topology.members(), m -> start(topology.cluster(), m.service()));
  }

  @Override
  public void startApps(Topology topology, String jar) {
    String connect = connectString(topology.cluster());
    io.zkorch.security.ClusterSecrets secrets = clientSecretsOf(topology);
    for (Topology.App a : topology.apps()) {
      Path d = nodeDir(topology.cluster(), a.service() + "-" + a.replica());
      Map<String, String> env = clientSecrets(secrets, d, topology.appUser(a.service()), a.env());
      env.put("ZK_HOSTS", connect);
      List<String> cmd = new ArrayList<>(javaCommand(jar));
      cmd.addAll(a.command().isEmpty() ? List.of("probe") : a.command());
      try {
        write(d, new LocalNode(a.service() + "-" + a.replica(), a.service(), "app", 0, false, a.replica(), 0, cmd,
            env));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      start(topology.cluster(), a.service() + "-" + a.replica());
    }
  }

  /** A zkorch JVM (app or worker), tuned like the app image: C1, serial GC. */
  private static List<String> javaCommand(String jar) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xss512k"));
    Path archive = Path.of(jar).resolveSibling("zkorch.jsa"); // the launcher's class-data archive, when there
    if (Files.isRegularFile(archive)) {
      cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
    }
    cmd.addAll(List.of("-jar", jar)); // its manifest names the entry point
    return cmd;
  }

  @Override
  public Map<String, WorkerResult> runWorkers(Topology topology, String jar, String scenario, List<WorkerRun> workers,
      Duration timeout) {
    String cluster = topology.cluster();
    Map<String, String> env = Topology.appEnv(connectString(cluster), cluster, topology.spec().zookeeper());
    Map<String, Process> running = new java.util.concurrent.ConcurrentHashMap<>();
    io.zkorch.security.ClusterSecrets secrets = clientSecretsOf(topology);
    try {
      for (WorkerRun w : workers) {
        String target = scenario + "-" + w.name();
        List<String> cmd = new ArrayList<>(javaCommand(jar));
        cmd.addAll(w.command());
        write(nodeDir(cluster, target), new LocalNode(target, target, "app", 0, false, 0, 0, cmd,
            clientSecrets(secrets, nodeDir(cluster, target), io.zkorch.security.ClusterSecrets.ZKORCH_USER, env)));
        // workers stay in zkorch's process group: Ctrl-C stops them with it
        running.put(w.name(), spawn(cluster, target, false));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      Map<String, WorkerResult> results = new java.util.concurrent.ConcurrentHashMap<>();
      parallel(workers, w -> {
        Process p = running.get(w.name());
        int code;
        try {
          long left = Math.max(1, deadline - System.nanoTime());
          if (p.waitFor(left, TimeUnit.NANOSECONDS)) {
            code = p.exitValue();
          } else {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            code = -1;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          code = -1;
        }
        // a worker killed by a fault was restarted by nobody: its output is what it wrote before
        Path out = nodeDir(cluster, scenario + "-" + w.name()).resolve("out.log");
        results.put(w.name(), new WorkerResult(code, readQuietly(out)));
      });
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (WorkerRun w : workers) {
        String target = scenario + "-" + w.name();
        Pids.read(nodeDir(cluster, target).resolve("pid")).ifPresent(this::stop);
        deleteTree(nodeDir(cluster, target));
      }
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Starts a node from its recorded command. Members and apps are detached: started by a shell in the background
   * (in a session of their own where {@code setsid} exists), so that they outlive zkorch and are not its children —
   * a JVM whose children still run waits 0.3 s at exit for the thread that would reap them. Workers stay children:
   * zkorch waits for them, and Ctrl-C stops them with it.
   */
  private Process spawn(String cluster, String target, boolean detach) {
    Path d = nodeDir(cluster, target);
    LocalNode node = read(d).orElseThrow(() -> ZkorchException.usage("Cluster " + cluster + " has no node " + target
        + "."));
    try {
      Files.deleteIfExists(d.resolve("paused"));
      if (detach) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
            setsid().map(s -> "\"" + s + "\" ").orElse("") + "\"$@\" >>\"$ZKORCH_LOG\" 2>&1 </dev/null & echo $!",
            "sh"));
        cmd.addAll(node.command());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true);
        pb.environment().putAll(node.env());
        pb.environment().put("ZKORCH_LOG", d.resolve("out.log").toString());
        Process shell = pb.start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        shell.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle started = ProcessHandle.of(Long.parseLong(out)).orElseThrow(() ->
            ZkorchException.environment(target + " exited at once; see " + d.resolve("out.log") + ".", null));
        Pids.write(d.resolve("pid"), started);
        return null;
      }
      ProcessBuilder pb = new ProcessBuilder(node.command()).directory(d.toFile());
      pb.environment().putAll(node.env());
      pb.redirectOutput(d.resolve("out.log").toFile()); // a worker's records: standard output alone
      pb.redirectError(d.resolve("err.log").toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      Pids.write(d.resolve("pid"), p.toHandle());
      return p;
    } catch (IOException | NumberFormatException e) {
      throw ZkorchException.environment("Could not start " + target + " (" + node.command().get(0) + "): "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while starting " + target + ".");
    }
  }

  private static Optional<Path> setsid() {
    for (String dir : List.of("/usr/bin", "/bin")) {
      Path p = Path.of(dir, "setsid");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  // -------------------------------------------------------------------------------------------- inspection

  @Override
  public List<ClusterState> list() {
    Path clusters = home.resolve("clusters");
    if (!Files.isDirectory(clusters)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(clusters)) {
      return dirs.filter(Files::isDirectory).sorted().map(d -> state(d.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<ClusterState> find(String cluster) {
    return has(cluster) ? Optional.of(state(cluster)) : Optional.empty();
  }

  private ClusterState state(String cluster) {
    List<Node> nodes = new ArrayList<>();
    Path nodesDir = dir(cluster).resolve("nodes");
    if (Files.isDirectory(nodesDir)) {
      try (Stream<Path> dirs = Files.list(nodesDir)) {
        for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
          read(d).ifPresent(n -> nodes.add(node(cluster, d, n)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // the nodes folder plays the part of the network; kept data folders play the part of volumes
    List<String> volumes = new ArrayList<>();
    Path data = dir(cluster).resolve("data");
    if (Files.isDirectory(data)) {
      try (Stream<Path> dirs = Files.list(data)) {
        dirs.sorted().forEach(d -> volumes.add(cluster + "-" + d.getFileName() + "-data"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClusterState(cluster, nodes, Files.isDirectory(nodesDir), volumes);
  }

  private Node node(String cluster, Path d, LocalNode n) {
    Optional<ProcessHandle> p = Pids.read(d.resolve("pid"));
    io.zkorch.runtime.NodeState state = p.isEmpty()
        ? (Files.exists(d.resolve("pid")) ? io.zkorch.runtime.NodeState.EXITED : io.zkorch.runtime.NodeState.CREATED)
        : Files.exists(d.resolve("paused")) ? io.zkorch.runtime.NodeState.PAUSED : io.zkorch.runtime.NodeState.RUNNING;
    return new Node(n.service(), cluster + "-" + n.target(), io.zkorch.topology.NodeRole.ofLabel(n.role()), n.memberId(), n.observer(), n.replica(), state,
        p.isPresent() ? n.clientPort() : 0, "local", false);
  }

  @Override
  public String logs(String cluster, String target, int tail) {
    Path d = nodeDirOf(cluster, target);
    String text = readQuietly(d.resolve("out.log")) + readQuietly(d.resolve("err.log"));
    if (tail <= 0) {
      return text;
    }
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size())) + "\n";
  }

  /** The directory of a node named as users name it: zk2, probe-1, or the full name dev-zk2. */
  private Path nodeDirOf(String cluster, String target) {
    ClusterState state = find(cluster).orElseThrow(() -> ZkorchException.usage("There is no cluster named " + cluster
        + "; `zkorch ls` lists the clusters."));
    for (Node n : state.nodes()) {
      if (target.equals(n.target()) || target.equals(n.name()) || target.equals(n.service())) {
        return nodeDir(cluster, n.target());
      }
    }
    throw ZkorchException.usage("Cluster " + cluster + " has no member or app named " + target + "; it has "
        + state.nodes().stream().map(Node::target).toList() + ".");
  }

  @Override
  public List<Path> exportLogs(String cluster, Path out) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(out);
      for (Node n : find(cluster).orElseThrow(() -> ZkorchException.usage("There is no cluster named " + cluster
          + "; `zkorch ls` lists the clusters.")).nodes()) {
        Path log = out.resolve(n.target() + ".log");
        Files.writeString(log, logs(cluster, n.target(), 0));
        Path node = out.resolve(n.target() + ".node.properties");
        Files.copy(nodeDir(cluster, n.target()).resolve("node.properties"), node,
            StandardCopyOption.REPLACE_EXISTING);
        written.add(log);
        written.add(node);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  // ---------------------------------------------------------------------------------------------- removal

  /**
   * Kills every process and deletes the state folder; with {@code volumes} false, the members' data folders stay
   * (as Docker keeps volumes), and a later {@code up} of the same name starts from them.
   */
  @Override
  public List<String> remove(String cluster, boolean volumes) {
    if (!has(cluster)) {
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    ClusterState state = state(cluster);
    parallel(state.nodes(), n -> Pids.read(nodeDir(cluster, n.target()).resolve("pid")).ifPresent(this::stop));
    for (Node n : state.nodes()) {
      removed.add("process " + n.target() + (n.running() || n.paused() ? "" : " (" + n.state() + ")"));
    }
    if (volumes || state.volumes().isEmpty()) {
      deleteTree(dir(cluster));
      removed.add("folder " + dir(cluster));
    } else {
      deleteTree(dir(cluster).resolve("nodes"));
      try {
        Files.deleteIfExists(dir(cluster).resolve("ports.properties"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (state.network()) {
        removed.add("folder " + dir(cluster).resolve("nodes"));
      }
    }
    return removed;
  }

  /**
   * SIGKILL, and wait until it is gone. Nothing graceful is owed: {@code remove} deletes the data with the folder,
   * and a ZooKeeper JVM takes over a second to exit on SIGTERM.
   */
  private void stop(ProcessHandle p) {
    p.destroyForcibly();
    awaitExit(p, Duration.ofSeconds(10)); // one that survives SIGKILL is beyond zkorch; find() still shows it
  }

  /**
   * Polls every 10 ms: members are not zkorch's children (they are detached), and the JDK watches other processes'
   * exits with a much coarser poll.
   */
  private static boolean awaitExit(ProcessHandle p, Duration timeout) {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (Pids.alive(p)) {
      if (System.nanoTime() > giveUp) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !Pids.alive(p);
      }
    }
    return true;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  // ----------------------------------------------------------------------------------------------- faults

  private ProcessHandle alive(String cluster, String target) {
    Path d = nodeDirOf(cluster, target);
    return Pids.read(d.resolve("pid")).orElseThrow(() -> ZkorchException.usage(target + " of cluster " + cluster
        + " is not running; `zkorch fault heal " + cluster + "` brings everything back."));
  }

  @Override
  public void kill(String cluster, String target) {
    ProcessHandle p = alive(cluster, target);
    Pids.signal(p, "CONT"); // a frozen process dies only once it runs
    p.destroyForcibly();
    if (!awaitExit(p, Duration.ofSeconds(10))) {
      throw ZkorchException.failure(target + " (pid " + p.pid() + ") did not die within 10 s of SIGKILL.");
    }
  }

  @Override
  public void start(String cluster, String target) {
    Path d = nodeDirOf(cluster, target);
    if (Pids.read(d.resolve("pid")).isPresent()) {
      return; // already running
    }
    spawn(cluster, d.getFileName().toString(), read(d).map(n -> n.replica() != 0 || n.member()).orElse(true));
  }

  @Override
  public void pause(String cluster, String target) {
    ProcessHandle p = alive(cluster, target);
    Pids.signal(p, "STOP");
    try {
      Files.writeString(nodeDirOf(cluster, target).resolve("paused"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void unpause(String cluster, String target) {
    ProcessHandle p = alive(cluster, target);
    Pids.signal(p, "CONT");
    try {
      Files.deleteIfExists(nodeDirOf(cluster, target).resolve("paused"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String fourLetterWordInside(String cluster, String target, String word) {
    Path d = nodeDirOf(cluster, target);
    LocalNode n = read(d).orElseThrow();
    try {
      return FourLetterWords.send("127.0.0.1", n.clientPort(), word, 2000,
          io.zkorch.security.ClusterSecrets.accessOf(cluster));
    } catch (IOException e) {
      return "";
    }
  }

  private static <T> void parallel(List<T> items, Consumer<T> action) {
    io.zkorch.runtime.Parallel.each(items, action, java.util.concurrent.ForkJoinPool.commonPool());
  }

  @Override
  public void close() {
    // nothing held open
  }
}
