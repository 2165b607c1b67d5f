package io.zkorch.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.spec.Fault;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.Faults;
import io.zkorch.health.Check;
import io.zkorch.health.Endpoint;
import io.zkorch.health.MemberState;
import io.zkorch.health.QuorumProbe;
import io.zkorch.health.QuorumWait;
import io.zkorch.health.Verdict;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.PortTakenException;
import io.zkorch.runtime.docker.DockerEngine;
import io.zkorch.runtime.docker.DockerProvider;
import io.zkorch.runtime.docker.Owner;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.Defaults;
import io.zkorch.spec.Durations;
import io.zkorch.spec.ImagesSpec;
import io.zkorch.spec.SourceMap;
import io.zkorch.spec.SpecProblem;
import io.zkorch.spec.SpecValidator;
import io.zkorch.spec.ZooKeeperSpec;
import io.zkorch.spec.ZooKeeperVersions;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

/**
 * A ZooKeeper ensemble for tests: several members (containers on one network, with stable aliases zk1, zk2, …),
 * started in parallel and ready when the quorum is proven — every member serving in its mode, one leader, followers
 * synced, a client round trip, one epoch — not when a port opens. It boots through exactly the code of
 * {@code zkorch up --wait}. Faults (kill, pause, partition, isolate, partition into sides, delay) and healing go through zkorch's fault engine, so a test
 * can take the leader away and see what its code does.
 *
 * <pre>{@code
 * @Container
 * static ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withFastFailover();
 *
 * CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryForever(100));
 * int old = zk.killLeader();   // returns once another member leads
 * zk.heal();                   // restarts it and waits for the whole quorum again
 * }</pre>
 *
 * <p>Everything it creates carries zkorch's labels ({@code io.zkorch.cluster=NAME}), Testcontainers' session labels
 * (so Ryuk, where it runs, reaps it too) and the creating JVM's pid, so {@code zkorch ls} shows it and, should this
 * JVM die before {@link #stop()}, {@code zkorch gc} or the next ensemble's start removes it. Client ports are
 * published on 127.0.0.1, on ports chosen at start and kept across kills and restarts, so a client's connect string
 * stays valid for the whole test; the engine must therefore run on this host (its socket, or tcp to localhost).
 */
public class ZooKeeperEnsemble implements Startable {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsemble.class);
  private static final int LOG_LINES = 25;

  private final int members;
  private String name = "tc-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  private int observers;
  private String image = "";
  private String version = ZooKeeperVersions.SHIPPED;
  private String baseImage;
  private ZooKeeperSpec.Profile profile = ZooKeeperSpec.Profile.DEFAULT;
  private Integer tickTime;
  private String heap = Defaults.HEAP;
  private final Map<String, String> config = new TreeMap<>();
  private final List<BiConsumer<String, OutputFrame>> logConsumers = new ArrayList<>();
  private Duration startupTimeout = Duration.ofSeconds(120);
  private long seed = System.nanoTime();
  private boolean networkFaults;
  private boolean tls;
  private final Map<String, String> saslUsers = new java.util.LinkedHashMap<>();
  private final List<io.zkorch.spec.SecuritySpec.Acl> acls = new ArrayList<>();

  private final EnsembleNetwork network = new EnsembleNetwork();
  private Topology topology;
  private final List<java.io.Closeable> logFollowers = new ArrayList<>();
  private DockerClient docker;
  private DockerEngine engine;
  private DockerProvider runtime;
  private Faults faults;
  private Thread shutdownHook;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "zkorch-ensemble-timer");
    t.setDaemon(true);
    return t;
  });
  private final List<ScheduledFuture<?>> pendingUnpauses = new ArrayList<>();

  /** Three voting members. */
  public ZooKeeperEnsemble() {
    this(3);
  }

  /** {@code members} voting members: 1, 3, 5 or 7. */
  public ZooKeeperEnsemble(int members) {
    this.members = members;
  }

  // ------------------------------------------------------------------------------------------- configuration

  /** The cluster's name (labels, container names NAME-zkN, network zkorch-NAME); default tc-RANDOM. */
  public ZooKeeperEnsemble withName(String clusterName) {
    this.name = clusterName;
    return configured();
  }

  /** Non-voting observers, added after the voters (zk4, … for three voters). */
  public ZooKeeperEnsemble withObservers(int count) {
    this.observers = count;
    return configured();
  }

  /**
   * An existing image that follows the official {@code zookeeper} image's environment contract ({@code ZOO_MY_ID},
   * {@code ZOO_SERVERS}, …), such as {@code zookeeper:3.9}; by default zkorch builds its own member image.
   */
  public ZooKeeperEnsemble withImage(String imageName) {
    this.image = imageName == null ? "" : imageName;
    return configured();
  }

  /** The same, as Testcontainers names images. */
  public ZooKeeperEnsemble withImage(DockerImageName imageName) {
    return withImage(imageName.asCanonicalNameString());
  }

  /** The ZooKeeper version zkorch's member image runs (default: the version zkorch ships). */
  public ZooKeeperEnsemble withZooKeeperVersion(String zooKeeperVersion) {
    this.version = zooKeeperVersion;
    return configured();
  }

  /** The base image zkorch's member image builds on (default: {@code ZKORCH_BASE_IMAGE}, else a JRE 17 image). */
  public ZooKeeperEnsemble withBaseImage(String base) {
    this.baseImage = base;
    return configured();
  }

  /**
   * Short ticks and timeouts (tickTime 200 ms, 0.5 s quorum connection timeout), so that the ensemble elects a new
   * leader and a client with {@link #getSessionTimeoutMs()} notices within about a second. Recommended for tests
   * that inject faults.
   */
  public ZooKeeperEnsemble withFastFailover() {
    this.profile = ZooKeeperSpec.Profile.FAST_FAILOVER;
    return configured();
  }

  /** zoo.cfg tickTime in milliseconds (the profile's by default: 2000, or 200 with fast failover). */
  public ZooKeeperEnsemble withTickTime(int millis) {
    this.tickTime = millis;
    return configured();
  }

  /** Each member JVM's heap, such as {@code 256m} (the default). */
  public ZooKeeperEnsemble withHeap(String memberHeap) {
    this.heap = memberHeap;
    return configured();
  }

  /** An extra zoo.cfg entry, such as {@code withConfig("maxSessionTimeout", "60000")}. */
  public ZooKeeperEnsemble withConfig(String key, String value) {
    config.put(key, value);
    return configured();
  }

  /** Receives every member's output (Testcontainers' log consumers, such as {@code Slf4jLogConsumer}). */
  public ZooKeeperEnsemble withLogConsumer(Consumer<OutputFrame> consumer) {
    logConsumers.add((member, frame) -> consumer.accept(frame));
    return configured();
  }

  /** Receives every member's output with the member's name (zk1, zk2, …). */
  public ZooKeeperEnsemble withMemberLogConsumer(BiConsumer<String, OutputFrame> consumer) {
    logConsumers.add(consumer);
    return configured();
  }

  /** How long {@link #start()} and {@link #heal()} wait for a proven quorum (default 120 s). */
  public ZooKeeperEnsemble withStartupTimeout(Duration timeout) {
    this.startupTimeout = timeout;
    return configured();
  }

  /**
   * Readies the network faults ({@link #isolate}, {@link #partition(Set[])}, {@link #delay}) at {@link #start()}:
   * zkorch's network-fault helper image is built then (once per engine) when the engine lacks it, so that the first
   * fault takes effect at once instead of after the build — which matters when a test times its fault.
   */
  public ZooKeeperEnsemble withNetworkFaults() {
    this.networkFaults = true;
    return this;
  }

  /** The seed for choosing among equal targets (a random follower, say), for repeatable fault tests. */
  public ZooKeeperEnsemble withSeed(long faultSeed) {
    this.seed = faultSeed;
    return configured();
  }

  /**
   * TLS for clients and between members: zkorch makes a CA and every member's key (its names as SANs), the client
   * port takes TLS only and asks for a client certificate ({@code clientAuth need}); {@link #getClientConfig()} has
   * the client's key and trust store. The files stay outside any image and are removed by {@link #stop()}.
   */
  public ZooKeeperEnsemble withTls() {
    this.tls = true;
    return configured();
  }

  /**
   * A SASL (DIGEST-MD5) user: every client session must log in (ZooKeeper's {@code enforce.auth}), and members log in
   * to each other as the first user added. {@link #getClientConfig(String)} logs in as a user.
   */
  public ZooKeeperEnsemble withSasl(String user, String password) {
    saslUsers.put(java.util.Objects.requireNonNull(user, "user"), java.util.Objects.requireNonNull(password,
        "password"));
    return configured();
  }

  /**
   * An ACL set on {@code path} (created when missing) once the quorum is proven, such as
   * {@code withAcl("/app", "sasl:app:cdrwa", "world:anyone:r")}; the start's checks prove it lets in who it grants
   * and no one else.
   */
  public ZooKeeperEnsemble withAcl(String path, String... grants) {
    acls.add(new io.zkorch.spec.SecuritySpec.Acl(path, List.of(grants)));
    return configured();
  }

  private ZooKeeperEnsemble configured() {
    if (topology != null) {
      throw new IllegalStateException("ZooKeeperEnsemble " + name + " has started; configure it before start().");
    }
    return this;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /**
   * Creates the network, the volumes and the members, starts them side by side and waits until the quorum is
   * proven — the steps of {@code zkorch up --wait}. Fails with one sentence when no Docker engine answers, and names
   * the member that did not join (with its last log lines) when the quorum does not form in time; then nothing it
   * created is left.
   */
  @Override
  public synchronized void start() {
    if (topology != null) {
      return;
    }
    long t0 = System.nanoTime();
    spec(); // bad knobs fail before anything is created
    // the quorum check's client classes load on another core while Testcontainers finds its engine
    io.zkorch.health.Warmup.inBackground();
    engine = EnsembleEngine.engine();
    docker = engine.client();
    Map<String, String> labels = new TreeMap<>(Owner.current().labels());
    labels.putAll(DockerClientFactory.DEFAULT_LABELS);
    labels.put(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID);
    runtime = new DockerProvider(engine, labels);
    if (networkFaults) {
      requireNemesis();
    }
    // orphans belong to other (dead) JVMs: removing them need not hold up this start
    Thread reaper = new Thread(() -> EnsembleEngine.reapOrphans(runtime), "zkorch-ensemble-reaper");
    reaper.setDaemon(true);
    reaper.start();
    shutdownHook = new Thread(this::removeEverything, "zkorch-ensemble-" + name);
    java.lang.Runtime.getRuntime().addShutdownHook(shutdownHook);
    ClusterManager manager = new ClusterManager(runtime, new EnsembleEngine.LogProgress());
    for (int attempt = 1; ; attempt++) {
      ClusterSpec spec = EnsembleEngine.withClientPorts(spec(), EnsembleEngine.freePorts(size(), engine.loopback()));
      topology = Topology.of(spec);
      try {
        manager.up(spec, ClusterManager.UpOptions.waitFor(startupTimeout));
        break;
      } catch (PortTakenException e) {
        // up removed what it made; a host port taken since it was chosen (or on an engine elsewhere, where it
        // could not be checked) gets another try
        if (attempt < 5) {
          continue;
        }
        throw failedStart(e);
      } catch (ZkorchException e) {
        throw failedStart(e);
      } catch (RuntimeException e) {
        removeEverything();
        throw e;
      }
    }
    followLogs();
    if (!engine.loopback()) {
      LOG.info("ZooKeeper ensemble {}: members' client ports are published on all addresses of the Docker engine at"
          + " {} and reached at {}", name, engine.endpoint(), engine.host());
    }
    LOG.info("ZooKeeper ensemble {} ({} members) ready in {} ms: {}", name, size(),
        (System.nanoTime() - t0) / 1_000_000, getConnectString());
  }

  private RuntimeException failedStart(ZkorchException e) {
    topology = null;
    removeShutdownHook();
    docker = null;
    if (e.exitCode() == ZkorchException.EXIT_ENVIRONMENT) {
      return new IllegalStateException("ZooKeeperEnsemble " + name + ": " + e.getMessage(), e);
    }
    return new ContainerLaunchException("ZooKeeperEnsemble " + name + ": " + e.getMessage(), e);
  }

  /** Removes every member, the network and the members' data. */
  @Override
  public synchronized void stop() {
    if (topology == null) {
      return;
    }
    removeEverything();
  }

  private synchronized void removeEverything() {
    if (topology == null) {
      return;
    }
    pendingUnpauses.forEach(f -> f.cancel(false));
    pendingUnpauses.clear();
    logFollowers.forEach(ZooKeeperEnsemble::closeQuietly);
    logFollowers.clear();
    try {
      ClusterState state = runtime.find(name).orElse(null);
      if (state != null) {
        for (Node n : state.nodes()) {
          if (n.paused()) {
            runtime.unpause(name, n.target()); // a paused container cannot be killed
          }
        }
      }
      new ClusterManager(runtime, io.zkorch.progress.Progress.silent()).down(name, true, false);
    } catch (RuntimeException e) {
      LOG.warn("Could not remove all of ZooKeeper ensemble {} ({}); `zkorch down {} --volumes` removes the rest.",
          name, e.getMessage(), name);
    }
    if (faults != null) {
      faults.close();
      faults = null;
    }
    topology = null;
    if (Thread.currentThread() != shutdownHook) {
      removeShutdownHook();
    }
    docker = null; // Testcontainers' shared client: never closed here
  }

  private void removeShutdownHook() {
    if (shutdownHook == null) {
      return;
    }
    try {
      java.lang.Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running
    }
    shutdownHook = null;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing: {}", e.getMessage());
    }
  }

  /** Feeds every member's output, from its first line, to the log consumers. */
  private void followLogs() {
    if (logConsumers.isEmpty()) {
      return;
    }
    for (Topology.Member m : topology.members()) {
      ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          OutputFrame out = OutputFrame.forFrame(frame);
          if (out != null) {
            logConsumers.forEach(c -> c.accept(m.service(), out));
          }
        }
      };
      logFollowers.add(docker.logContainerCmd(m.container()).withStdOut(true).withStdErr(true)
          .withFollowStream(true).exec(callback));
    }
  }

  // ---------------------------------------------------------------------------------------------- connecting

  /** The connect string for clients in the test JVM, such as {@code 127.0.0.1:32771,127.0.0.1:32772,…}. */
  public String getConnectString() {
    requireStarted("getConnectString()");
    return endpoints().stream().map(e -> e.host() + ":" + e.port()).collect(Collectors.joining(","));
  }

  /**
   * The connect string for other containers on {@link #getNetwork()}, such as the application under test:
   * {@code zk1:2181,zk2:2181,zk3:2181} — the value to put in its {@code ZK_HOSTS}. Known before start.
   */
  public String getInternalConnectString() {
    return Topology.of(spec()).internalConnectString();
  }

  /**
   * The members' network, to put the application under test on ({@code .withNetwork(zk.getNetwork())}). A
   * container that joins it starts the ensemble first, if it has not started; {@link #stop()} removes it.
   */
  public Network getNetwork() {
    return network;
  }

  /** The ensemble's network as Testcontainers sees a network: its id starts the ensemble on demand. */
  private final class EnsembleNetwork implements Network {
    @Override
    public String getId() {
      start();
      return docker.inspectNetworkCmd().withNetworkId(Topology.networkName(name)).exec().getId();
    }

    @Override
    public void close() {
      // the ensemble's own: stop() removes it
    }
  }

  /** The session timeout a client should ask for, matching the ensemble's timing (15 s, or 2 s with fast failover). */
  public int getSessionTimeoutMs() {
    return spec().zookeeper().sessionTimeoutMs();
  }

  /** The connection timeout a client should use (5 s, or 1 s with fast failover). */
  public int getConnectionTimeoutMs() {
    return profile.connectionTimeoutMs;
  }

  /** The cluster's name, as {@code zkorch ls} shows it. */
  public String getName() {
    return name;
  }

  /** Voters plus observers. */
  public int size() {
    return members + observers;
  }

  /** Member {@code id}'s container name (1-based): NAME-zkID. */
  public String getContainerName(int id) {
    return name + "-zk" + requireMember(id);
  }

  /** Member {@code id}'s container id, for docker commands. */
  public String getContainerId(int id) {
    requireStarted("getContainerId(" + id + ")");
    return docker.inspectContainerCmd(getContainerName(id)).exec().getId();
  }

  /** Member {@code id}'s output so far, standard output and error. */
  public String getLogs(int id) {
    requireStarted("getLogs(" + id + ")");
    return runtime.logs(name, "zk" + requireMember(id), 0);
  }

  /**
   * A new ZooKeeper client configuration for this ensemble (each client gets its own; nothing is set JVM-wide, so a
   * secure and a plain ensemble serve one test JVM): with {@link #withTls()}, TLS with the client's key and trust
   * store; with {@link #withSasl}, logged in as the first user added. Hand it to Curator's
   * {@code CuratorFrameworkFactory.builder().zkClientConfig(...)} or to {@code new ZooKeeper(..., config)}.
   */
  public org.apache.zookeeper.client.ZKClientConfig getClientConfig() {
    return getClientConfig(saslUsers.isEmpty() ? null : saslUsers.keySet().iterator().next());
  }

  /** {@link #getClientConfig()} logged in as {@code user} (null: no login), one of the {@link #withSasl} users. */
  public org.apache.zookeeper.client.ZKClientConfig getClientConfig(String user) {
    requireStarted("getClientConfig()");
    if (user != null && !saslUsers.containsKey(user)) {
      throw new IllegalArgumentException("Ensemble " + name + " has no SASL user " + user + "; its users are "
          + saslUsers.keySet() + " (withSasl).");
    }
    return access(user).clientConfig();
  }

  /** How zkorch's own probes (null) or {@code user} reach the members. */
  private io.zkorch.security.ClientAccess access(String user) {
    return io.zkorch.security.ClusterSecrets.of(name).map(s -> user == null ? s.access() : s.accessAs(user))
        .orElse(io.zkorch.security.ClientAccess.PLAIN);
  }

  /** The id of the member that leads now. */
  public int getLeader() {
    requireStarted("getLeader()");
    try (QuorumProbe probe = new QuorumProbe(endpoints(), 1000, access(null))) {
      Verdict v = probe.probe(false);
      return v.leader().map(MemberState::id).orElseThrow(() -> new IllegalStateException(
          "No member of " + name + " leads now (" + describe(v) + "); heal() brings every member back."));
    }
  }

  // ------------------------------------------------------------------------------------------------- faults

  /** Kills the leader (SIGKILL) and returns its id once another member leads. */
  public int killLeader() {
    return idOf(inject("kill-leader").node());
  }

  /** Kills member {@code id}; returns once a leader serves among the others (when a majority is left). */
  public void kill(int id) {
    inject("kill-zk" + requireMember(id));
  }

  /** Freezes member {@code id} (SIGSTOP through Docker) until {@link #heal()}. */
  public void pause(int id) {
    inject("pause-zk" + requireMember(id));
  }

  /**
   * Freezes member {@code id} now and resumes it by itself after {@code duration}; returns at once (once a leader
   * serves among the others), so the test can watch its clients meanwhile.
   */
  public void pause(int id, Duration duration) {
    pause(id);
    String target = "zk" + id;
    synchronized (this) {
      pendingUnpauses.add(timers.schedule(() -> {
        try {
          runtime.unpause(name, target);
        } catch (RuntimeException e) {
          LOG.debug("{} was not paused any more: {}", target, e.getMessage());
        }
      }, duration.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  /** Cuts member {@code id} off the network (from the other members, other containers, and the host's port). */
  public void partition(int id) {
    inject("partition-zk" + requireMember(id));
  }

  /**
   * Cuts member {@code id} off the other members while its clients still reach it (iptables in zkorch's network-fault
   * helper, in the member's network namespace); returns once a leader serves among the others. A client connected to
   * it may read from it until it notices it lost the quorum.
   */
  public void isolate(int id) {
    inject("isolate-zk" + requireMember(id));
  }

  /**
   * Splits the members into sides that cannot reach each other, such as {@code partition(Set.of(1), Set.of(2, 3))};
   * a member on no side still sees everyone, and clients still reach every member. Returns once a leader serves on
   * the side with a majority (at once when no side has one). {@link #heal()} joins them again.
   */
  @SafeVarargs
  public final void partition(Set<Integer>... sides) {
    requireStarted("partition(sides)");
    requireNemesis();
    List<List<String>> named = new ArrayList<>();
    Set<Integer> seen = new java.util.HashSet<>();
    for (Set<Integer> side : sides) {
      for (int id : side) {
        if (!seen.add(id)) {
          throw new IllegalArgumentException("partition(sides): member " + id + " is on two sides; put each member"
              + " on one side.");
        }
      }
    }
    for (Set<Integer> side : sides) {
      named.add(side.stream().sorted().map(id -> "zk" + requireMember(id)).toList());
    }
    FaultEvent event = faults().split(named);
    LOG.info("Ensemble {}: {}; cut {}", name, event.describe(), String.join(" ", event.links()));
  }

  /**
   * Delays everything member {@code id} sends by {@code delay} (to the other members and to clients), until
   * {@link #heal()}: a slow link, as tc netem makes one.
   */
  public void delay(int id, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("delay(" + id + ", " + delay + "): the delay must be above zero.");
    }
    inject("delay-zk" + requireMember(id) + ":" + delay.toMillis() + "ms");
  }

  /**
   * Kills member {@code id} (if it runs), starts it again and waits until the whole quorum is proven again. Its
   * data survives; its client port stays the same.
   */
  public void restart(int id) {
    requireStarted("restart(" + id + ")");
    String target = "zk" + requireMember(id);
    Node node = node(target);
    if (node.paused()) {
      runtime.unpause(name, target);
    }
    if (node.running() || node.paused()) {
      runtime.kill(name, target);
    }
    runtime.start(name, target);
    awaitQuorum(startupTimeout);
  }

  /** Undoes every fault — unpauses, reconnects, starts killed members — and waits until the quorum is proven. */
  public void heal() {
    requireStarted("heal()");
    synchronized (this) {
      pendingUnpauses.forEach(f -> f.cancel(false));
      pendingUnpauses.clear();
    }
    List<String> done = faults().healAll();
    if (!done.isEmpty()) {
      LOG.info("Ensemble {}: {}", name, String.join(", ", done));
    }
    awaitQuorum(startupTimeout);
  }

  /**
   * Waits until every member serves in its mode with one leader, synced followers, a client round trip and one
   * epoch; names the member and the check that still fails (with its last log lines) at the timeout.
   */
  public void awaitQuorum(Duration timeout) {
    requireStarted("awaitQuorum()");
    Verdict verdict;
    try {
      verdict = QuorumWait.forQuorum().withTimeout(timeout.isNegative() ? Duration.ZERO : timeout)
          .withPollInterval(Duration.ofMillis(50)).withAccess(access(null)).await(endpoints());
    } catch (QuorumWait.TimedOut e) {
      verdict = e.last().orElseThrow();
    }
    if (!verdict.healthy()) {
      Check failing = verdict.firstFailure().orElseThrow();
      String member = failing.member();
      String logs = member == null ? "" : "; last log lines of " + member + ":\n" + tail(member);
      throw new ContainerLaunchException("ZooKeeper ensemble " + name + " has no proven quorum after "
          + Durations.format(timeout) + ": " + failing.name() + " fails — " + failing.detail() + logs);
    }
  }

  private FaultEvent inject(String fault) {
    requireStarted(fault);
    Fault parsed = Fault.parse(fault);
    if (parsed.action().network() && parsed.action() != Fault.Action.PARTITION) {
      requireNemesis();
    }
    FaultEvent event = faults().inject(parsed, Faults.Aim.NONE);
    LOG.info("Ensemble {}: {}", name, event.describe());
    return event;
  }

  /**
   * Network faults other than a whole-node partition run zkorch's helper image; it is built once per engine from
   * Debian's packages (debootstrap, as `zkorch image nemesis` does) when the engine does not have it.
   */
  private synchronized void requireNemesis() {
    com.github.dockerjava.api.DockerClient client = docker;
    if (!io.zkorch.image.ImageTransfer.present(client, io.zkorch.image.BaseImage.NEMESIS_TAG)) {
      LOG.info("Building zkorch's network-fault helper {} (once per engine)", io.zkorch.image.BaseImage.NEMESIS_TAG);
      new io.zkorch.image.BaseImage(client, io.zkorch.progress.Progress.silent(), io.zkorch.image.BaseImage.Kind.NEMESIS)
          .build(io.zkorch.image.BaseImage.NEMESIS_TAG, io.zkorch.image.BaseImage.DEFAULT_MIRROR, false);
    }
  }

  private synchronized Faults faults() {
    if (faults == null) {
      faults = new Faults(runtime, name, seed);
    }
    return faults;
  }

  private static int idOf(String target) {
    return Integer.parseInt(target.substring(2));
  }

  // ------------------------------------------------------------------------------------------------ internals

  /** The cluster this ensemble is, as a validated zkorch spec (the knobs' problems named by their methods). */
  ClusterSpec spec() {
    ZooKeeperSpec zk = new ZooKeeperSpec(version, EnsembleEngine.substituted(image), members, observers, tickTime, null, null, heap, null,
        // data on volumes, as `zkorch up` keeps it: it survives kill and restart; stop() removes the volumes
        ZooKeeperSpec.Storage.VOLUME, null, Map.copyOf(config), profile).withSecurity(security());
    ClusterSpec spec = Defaults.apply(new ClusterSpec(ClusterSpec.API_VERSION, ClusterSpec.KIND, name, zk,
        new ImagesSpec(EnsembleEngine.substituted(baseImage)), List.of(), List.of()));
    List<SpecProblem> problems = SpecValidator.validate(spec, new SourceMap());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("ZooKeeperEnsemble: " + problems.stream().map(ZooKeeperEnsemble::knob)
          .collect(Collectors.joining("; ")));
    }
    return spec;
  }

  private io.zkorch.spec.SecuritySpec security() {
    io.zkorch.spec.SecuritySpec.Tls t = tls ? new io.zkorch.spec.SecuritySpec.Tls(true, true, "need", false)
        : io.zkorch.spec.SecuritySpec.Tls.OFF;
    io.zkorch.spec.SecuritySpec.Sasl s = saslUsers.isEmpty() ? io.zkorch.spec.SecuritySpec.Sasl.OFF
        : new io.zkorch.spec.SecuritySpec.Sasl("digest", true, saslUsers);
    return new io.zkorch.spec.SecuritySpec(t, s, acls);
  }

  private static final Map<String, String> KNOBS = Map.of(
      "name", "withName", "zookeeper.members", "new ZooKeeperEnsemble(members)",
      "zookeeper.observers", "withObservers", "zookeeper.image", "withImage", "zookeeper.version",
      "withZooKeeperVersion", "zookeeper.tickTime", "withTickTime", "zookeeper.heap", "withHeap",
      "images.base", "withBaseImage");

  /** A validation problem named after the method that set the value. */
  static String knob(SpecProblem p) {
    String path = p.path();
    if (path.startsWith("zookeeper.config")) {
      return "withConfig(" + path.substring("zookeeper.config".length()).replaceFirst("^\\.", "") + "): "
          + p.message();
    }
    return KNOBS.getOrDefault(path, path) + ": " + p.message();
  }

  private List<Endpoint> endpoints() {
    List<Endpoint> list = new ArrayList<>();
    for (Topology.Member m : topology.members()) {
      list.add(new Endpoint(m.id(), m.service(), m.observer(), engine.host(), m.hostPort()));
    }
    return list;
  }

  private Node node(String target) {
    return runtime.find(name).flatMap(s -> s.members().stream().filter(n -> n.target().equals(target)).findFirst())
        .orElseThrow(() -> new IllegalStateException("Ensemble " + name + " has no member " + target + "."));
  }

  private String tail(String member) {
    try {
      return runtime.logs(name, member, LOG_LINES).strip();
    } catch (RuntimeException e) {
      return "(not readable: " + e.getMessage() + ")";
    }
  }

  private static String describe(Verdict v) {
    return v.members().stream().map(m -> m.service() + " " + m.modeLabel()).collect(Collectors.joining(", "));
  }

  private int requireMember(int id) {
    if (id < 1 || id > size()) {
      throw new IllegalArgumentException("Ensemble " + name + " has members 1 to " + size() + "; there is no " + id
          + ".");
    }
    return id;
  }

  private void requireStarted(String what) {
    if (topology == null) {
      throw new IllegalStateException(what + " needs a started ensemble; call start() first (or let"
          + " @Container / @ZooKeeperTest start it).");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the quorum.", e);
    }
  }

  @Override
  public String toString() {
    return "ZooKeeperEnsemble " + name + " (" + size() + " members" + (topology == null ? ", not started" : "") + ")";
  }
}
