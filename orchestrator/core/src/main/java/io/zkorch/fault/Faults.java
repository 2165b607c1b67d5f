package io.zkorch.fault;

import io.zkorch.spec.Fault;
import io.zkorch.ZkorchException;
import io.zkorch.health.FourLetterWords;
import io.zkorch.health.Srvr;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults into one cluster through its {@link Provider} and undoes them. Targets such as "the leader" or "the
 * lock holder" are resolved at the moment of the fault: the leader by asking every member {@code srvr}, the holder by
 * reading the lock's znodes (each worker's lock node carries its name).
 */
public final class Faults implements AutoCloseable {

  /**
   * What scenario-aimed targets need.
   *
   * @param scenario the running scenario (its workers' nodes are SCENARIO-NAME), or null
   * @param holders who holds the scenario's lock now, for holder faults; null when it has none
   */
  public record Aim(String scenario, HolderLookup holders) {
    public static final Aim NONE = new Aim(null, null);
  }

  private static final int PROBE_MILLIS = 500;

  private final Provider runtime;
  private final String cluster;
  private final Random random;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "zkorch-fault-probe");
    t.setDaemon(true);
    return t;
  });

  /** How the fault engine's probes reach a secure cluster's members. */
  private final io.zkorch.security.ClientAccess access;

  public Faults(Provider runtime, String cluster, long seed) {
    this.access = io.zkorch.security.ClusterSecrets.accessOf(cluster);
    this.runtime = runtime;
    this.cluster = cluster;
    this.random = new Random(seed);
  }

  public String cluster() {
    return cluster;
  }

  /**
   * Injects {@code fault}; for faults that can cost the ensemble its leader, waits (up to a minute) for a serving
   * leader among the members that are left (for a partition's shape, on the majority's side).
   */
  public FaultEvent inject(Fault fault, Aim aim) {
    if (fault.action().network() && runtime.partitioning().isEmpty()) {
      throw cannotPartition(runtime.name(), fault.target() == Fault.Target.NAMED ? fault.named() : fault.id());
    }
    ClusterState state = state();
    if (fault.target().topology()) {
      return shape(fault, state);
    }
    if (fault.link() != null) {
      return link(fault, aim, state);
    }
    Node node = resolve(fault, aim, state);
    String role = roleOf(node, fault, aim);
    if (fault.target() == Fault.Target.HOLDER && fault.action() == Fault.Action.PAUSE) {
      return pauseHolder(fault, aim, state, node, role);
    }
    List<String> links = apply(fault, node, state);
    long at = nowMicros();
    boolean costsLeader = node.member() && fault.action() != Fault.Action.HIDE && !fault.action().chaos();
    if (!costsLeader) {
      return new FaultEvent(fault, node.target(), role, List.of(node.target()), links, at, 0, null, null);
    }
    long voters = state.members().stream().filter(n -> !n.observer()).count();
    long left = state.members().stream().filter(n -> !n.observer() && n.running() && !n.partitioned()
        && !n.target().equals(node.target())).count();
    if (left <= voters / 2) {
      // no majority left to elect anyone: say so instead of waiting for a leader that cannot come
      return new FaultEvent(fault, node.target(), role, List.of(node.target()), links, at, 0, null,
          "no member (" + left + " of " + voters + " voters left, no quorum)");
    }
    long t0 = System.nanoTime();
    Optional<String> leader = awaitLeader(Set.of(node.target()), Duration.ofSeconds(60));
    return new FaultEvent(fault, node.target(), role, List.of(node.target()), links, at, 0,
        leader.isPresent() ? (System.nanoTime() - t0) / 1e6 : null, leader.orElse("no member"));
  }

  /** Link chaos on one link, A~B: what A sends B (each end a node's name, or leader, follower, member). */
  private FaultEvent link(Fault fault, Aim aim, ClusterState state) {
    Node from = resolve(end(fault, fault.link()[0]), aim, state);
    Node to = resolve(end(fault, fault.link()[1]), aim, state);
    if (from.target().equals(to.target())) {
      throw ZkorchException.usage(fault.id() + " names " + from.target() + " at both ends; name two nodes.");
    }
    String marked = partitioning(from.target()).shape(cluster, from.target(), fault.chaos(), to.target());
    return new FaultEvent(fault, from.target() + "~" + to.target(), null, List.of(marked), List.of(), nowMicros(), 0,
        null, null);
  }

  private static Fault end(Fault fault, String name) {
    for (Fault.Target t : List.of(Fault.Target.LEADER, Fault.Target.FOLLOWER, Fault.Target.MEMBER)) {
      if (t.id().equals(name)) {
        return new Fault(fault.action(), t, null, fault.shape());
      }
    }
    return new Fault(fault.action(), Fault.Target.NAMED, name, fault.shape());
  }

  /**
   * Splits the members into {@code sides} that cannot reach each other (a member in no side still sees everyone;
   * clients still reach every member), then waits for a serving leader on a side with a majority, if one has.
   */
  public FaultEvent split(List<List<String>> sides) {
    ClusterState state = state();
    List<String> members = state.members().stream().map(Node::target).toList();
    Set<String> seen = new java.util.HashSet<>();
    for (List<String> side : sides) {
      for (String n : side) {
        if (!members.contains(n)) {
          throw ZkorchException.usage("Cluster " + cluster + " has no member named " + n + "; it has " + members
              + ".");
        }
        if (!seen.add(n)) {
          throw ZkorchException.usage(n + " is on two sides of the partition; put each member on one side.");
        }
      }
    }
    if (sides.stream().filter(side -> !side.isEmpty()).count() < 2) {
      throw ZkorchException.usage("A partition needs two or more sides with members in them.");
    }
    List<io.zkorch.runtime.Partitioning.Cut> cuts = new ArrayList<>();
    for (int i = 0; i < sides.size(); i++) {
      List<String> others = new ArrayList<>();
      for (int j = i + 1; j < sides.size(); j++) {
        others.addAll(sides.get(j));
      }
      for (String n : sides.get(i)) {
        if (!others.isEmpty()) {
          cuts.add(new io.zkorch.runtime.Partitioning.Cut(n, others, false));
        }
      }
    }
    String named = String.join("|", sides.stream().map(side -> String.join(",", side)).toList());
    partitioning(named).cut(cluster, cuts);
    long at = nowMicros();
    Fault fault = new Fault(Fault.Action.PARTITION, Fault.Target.NAMED, named);
    List<String> nodes = cuts.stream().map(io.zkorch.runtime.Partitioning.Cut::node).toList();
    List<String> links = cuts.stream().flatMap(c -> c.links().stream()).toList();
    long voters = state.members().stream().filter(n -> !n.observer()).count();
    Optional<List<String>> majority = sides.stream().filter(side -> state.members().stream()
        .filter(n -> !n.observer() && side.contains(n.target())).count() > voters / 2).findFirst();
    if (majority.isEmpty()) {
      return new FaultEvent(fault, named, "sides", nodes, links, at, 0, null, "no member (no side has a majority)");
    }
    Set<String> skip = new java.util.HashSet<>(members);
    skip.removeAll(majority.get());
    long t0 = System.nanoTime();
    Optional<String> leader = awaitLeader(skip, Duration.ofSeconds(60));
    return new FaultEvent(fault, named, "sides", nodes, links, at, 0,
        leader.isPresent() ? (System.nanoTime() - t0) / 1e6 : null, leader.orElse("no member"));
  }

  /**
   * Cuts the members into the fault's shape (every client still reaches every member) and waits for a serving
   * leader: on the majority's side for halves, anywhere for a bridge or a ring (where every member sees a majority).
   */
  private FaultEvent shape(Fault fault, ClusterState state) {
    // every running member: one with a network fault already is refused by the provider, naming it
    List<String> voters = state.members().stream().filter(n -> !n.observer() && n.running()).map(Node::target)
        .toList();
    List<String> observers = state.members().stream().filter(n -> n.observer() && n.running()).map(Node::target)
        .toList();
    Shape shape = Shape.of(fault.target(), voters, observers, random);
    partitioning(fault.id()).cut(cluster, shape.cuts());
    long at = nowMicros();
    List<String> nodes = shape.cuts().stream().map(io.zkorch.runtime.Partitioning.Cut::node).toList();
    List<String> links = shape.cuts().stream().flatMap(c -> c.links().stream()).toList();
    long t0 = System.nanoTime();
    Optional<String> leader = awaitLeader(Set.copyOf(shape.minority()), Duration.ofSeconds(60));
    return new FaultEvent(fault, shape.named(), shape.sides(), nodes, links, at, 0,
        leader.isPresent() ? (System.nanoTime() - t0) / 1e6 : null, leader.orElse("no member"));
  }

  /**
   * Pauses the lock holder, checking afterwards that the paused worker's lock node is still the first: only then
   * was it frozen while holding. Otherwise it resumes it and tries again (a holding lasts milliseconds).
   */
  private FaultEvent pauseHolder(Fault fault, Aim aim, ClusterState state, Node node, String role) {
    for (int attempt = 1; ; attempt++) {
      runtime.pause(cluster, node.target());
      long at = nowMicros();
      Optional<HolderLookup.Holder> now = holder(aim);
      if (now.isPresent() && (aim.scenario() + "-" + now.get().worker()).equals(node.target())) {
        return new FaultEvent(fault, node.target(), "holder, token " + now.get().token(), at, 0, null, null);
      }
      runtime.unpause(cluster, node.target());
      if (attempt == 20) {
        throw ZkorchException.failure("Could not catch a lock holder while it held the lock in 20 attempts.");
      }
      sleep(Duration.ofMillis(random.nextInt(50)));
      node = resolve(fault, aim, state());
    }
  }

  /** Undoes what {@link #inject} did; a killed worker stays dead (it is not part of the cluster). */
  public FaultEvent heal(FaultEvent event) {
    Fault.Action action = event.fault().action();
    Optional<Node> node = state().nodes().stream().filter(n -> n.target().equals(event.node())).findFirst();
    if (action == Fault.Action.KILL && node.isPresent() && !node.get().member()) {
      return event; // a killed worker stays dead: its work is over, the others carry on
    }
    if (action.network()) {
      // side by side: a ring's five nodes heal in the time of one
      List<CompletableFuture<Void>> heals = event.nodes().stream()
          .map(n -> CompletableFuture.runAsync(() -> partitioning(n).connect(cluster, n), pool)).toList();
      joinAll(heals);
    } else if (node.isPresent()) {
      switch (action) {
        case KILL -> runtime.start(cluster, event.node());
        case PAUSE -> runtime.unpause(cluster, event.node());
        default -> throw new IllegalStateException(action.name());
      }
    }
    return event.healed(nowMicros());
  }

  /**
   * Brings every node of the cluster back: unpauses, reconnects and starts stopped members (and stopped app
   * containers of the cluster file). Returns what it did, one line per node.
   */
  public List<String> healAll() {
    List<String> done = new ArrayList<>();
    Set<String> shaped = new java.util.HashSet<>(runtime.partitioning().map(p -> p.shaped(cluster)).orElse(List.of()));
    List<CompletableFuture<Void>> network = new ArrayList<>(); // network heals side by side
    for (Node n : state().nodes()) {
      if (n.paused()) {
        runtime.unpause(cluster, n.target());
        done.add("unpaused " + n.target());
      }
      if (n.partitioned() || shaped.contains(n.target())) {
        network.add(CompletableFuture.runAsync(() -> partitioning(n.target()).connect(cluster, n.target()), pool));
        done.add((n.partitioned() ? "reconnected " : "unshaped ") + n.target());
      }
      boolean scenarioWorker = !n.member() && n.replica() == 0;
      if (!n.running() && !n.paused() && !scenarioWorker) {
        runtime.start(cluster, n.target());
        done.add("started " + n.target());
      }
    }
    joinAll(network);
    return done;
  }

  /** Applies {@code fault} to {@code node}; returns the links it cut (none for kill, pause and chaos). */
  private List<String> apply(Fault fault, Node node, ClusterState state) {
    String target = node.target();
    List<String> otherMembers = state.members().stream().filter(n -> !n.target().equals(target) && n.running()
        && !n.partitioned()).map(Node::target).toList();
    io.zkorch.runtime.Partitioning.Cut cut;
    switch (fault.action()) {
      case KILL -> {
        runtime.kill(cluster, target);
        return List.of();
      }
      case PAUSE -> {
        runtime.pause(cluster, target);
        return List.of();
      }
      case PARTITION -> {
        partitioning(target).disconnect(cluster, target);
        return List.of();
      }
      case ISOLATE, ONEWAY -> {
        if (otherMembers.isEmpty()) {
          throw ZkorchException.usage("No other member of " + cluster + " is on its network; nothing to cut "
              + target + " from.");
        }
        cut = new io.zkorch.runtime.Partitioning.Cut(target, otherMembers, fault.action() == Fault.Action.ONEWAY);
      }
      case HIDE -> {
        if (!node.member()) {
          throw ZkorchException.usage(fault.id() + " hides a member from its clients; " + target + " is an app.");
        }
        List<String> clients = state.apps().stream().filter(Node::running).map(Node::target).toList();
        if (clients.isEmpty()) {
          throw ZkorchException.usage(fault.id() + " hides " + target + " from the cluster's app and worker"
              + " containers, and " + cluster + " has none running (clients on the host are not cut).");
        }
        cut = new io.zkorch.runtime.Partitioning.Cut(target, clients, false);
      }
      default -> {
        partitioning(target).shape(cluster, target, fault.chaos(), null);
        return List.of();
      }
    }
    partitioning(target).cut(cluster, List.of(cut));
    return cut.links();
  }

  /** Waits for every one; the first failure is thrown as it was. */
  private static void joinAll(List<CompletableFuture<Void>> all) {
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The provider's partitioning role; a usage error naming the provider that can when this one cannot. */
  private io.zkorch.runtime.Partitioning partitioning(String target) {
    return runtime.partitioning().orElseThrow(() -> cannotPartition(runtime.name(), target));
  }

  /** The one sentence for a partition the provider cannot make. */
  public static io.zkorch.ZkorchException cannotPartition(String provider, String what) {
    return io.zkorch.ZkorchException.usage("The " + provider + " runtime cannot partition " + what + ": its members"
        + " share this host's loopback network, and cutting one off would need root and firewall rules. Use"
        + " --runtime docker for partitions; kill and pause work here.");
  }

  // ----------------------------------------------------------------------------------------------- targets

  private ClusterState state() {
    return runtime.find(cluster).orElseThrow(() -> ZkorchException.usage(
        "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."));
  }

  Node resolve(Fault fault, Aim aim, ClusterState state) {
    List<Node> reachable = state.members().stream().filter(n -> n.running() && !n.partitioned()).toList();
    switch (fault.target()) {
      case NAMED -> {
        return state.nodes().stream().filter(n -> n.target().equals(fault.named()) || n.name().equals(fault.named()))
            .findFirst().orElseThrow(() -> ZkorchException.usage("Cluster " + cluster + " has no member or app named "
                + fault.named() + "; it has " + state.nodes().stream().map(Node::target).toList() + "."));
      }
      case LEADER, FOLLOWER -> {
        String wanted = fault.target().id();
        Map<Node, String> modes = modes(reachable);
        List<Node> matching = modes.entrySet().stream().filter(e -> e.getValue().equals(wanted)).map(Map.Entry::getKey)
            .toList();
        if (matching.isEmpty()) {
          throw ZkorchException.failure("No member of " + cluster + " is a serving " + wanted + " now (modes: "
              + describe(modes) + "); `zkorch status " + cluster + "` shows why.");
        }
        return pick(matching);
      }
      case MEMBER -> {
        List<Node> voters = reachable.stream().filter(n -> !n.observer()).toList();
        if (voters.isEmpty()) {
          throw ZkorchException.failure("No member of " + cluster + " is running and reachable.");
        }
        return pick(voters);
      }
      case WORKER -> {
        List<Node> workers = workers(aim, state);
        if (workers.isEmpty()) {
          throw ZkorchException.usage(fault.id() + " needs a running scenario with its workers in their own"
              + " containers (perContainer: 1).");
        }
        return pick(workers);
      }
      case HOLDER -> {
        if (aim.holders() == null) {
          throw ZkorchException.usage(fault.id() + " applies to lock scenarios only.");
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < giveUp) {
          Optional<HolderLookup.Holder> holder = holder(aim);
          if (holder.isPresent()) {
            String target = aim.scenario() + "-" + holder.get().worker();
            Optional<Node> node = workers(aim, state).stream().filter(n -> n.target().equals(target)).findFirst();
            if (node.isPresent()) {
              return node.get();
            }
            throw ZkorchException.usage(fault.id() + " needs each worker in its own container (perContainer: 1);"
                + " the holder " + holder.get().worker() + " has none.");
          }
          sleep(Duration.ofMillis(20));
        }
        throw ZkorchException.failure("Nobody held the lock at " + aim.holders().describe() + " for 30 s; no holder"
            + " to hit.");
      }
      default -> throw new IllegalStateException(fault.target().name());
    }
  }

  private String roleOf(Node node, Fault fault, Aim aim) {
    return switch (fault.target()) {
      case LEADER, FOLLOWER -> fault.target().id();
      case HOLDER -> "holder";
      case WORKER -> "worker";
      default -> node.member() ? modes(List.of(node)).getOrDefault(node, "member") : "app";
    };
  }

  private static List<Node> workers(Aim aim, ClusterState state) {
    if (aim.scenario() == null) {
      return List.of();
    }
    return state.apps().stream().filter(n -> n.running() && n.replica() == 0
        && n.service().startsWith(aim.scenario() + "-")).toList();
  }

  private Node pick(List<Node> nodes) {
    return nodes.get(random.nextInt(nodes.size()));
  }

  private static String describe(Map<Node, String> modes) {
    Map<String, String> byName = new LinkedHashMap<>();
    modes.forEach((n, m) -> byName.put(n.target(), m));
    return byName.isEmpty() ? "none reachable" : byName.toString();
  }

  /** Each member's mode as srvr reports it, or "not serving" / "no answer". */
  Map<Node, String> modes(List<Node> members) {
    Map<Node, CompletableFuture<String>> asks = new LinkedHashMap<>();
    for (Node n : members) {
      asks.put(n, CompletableFuture.supplyAsync(() -> mode(n), pool));
    }
    Map<Node, String> modes = new LinkedHashMap<>();
    asks.forEach((n, f) -> modes.put(n, f.join()));
    return modes;
  }

  private String mode(Node n) {
    if (n.hostPort() <= 0) {
      return "no answer";
    }
    try {
      return Srvr.parse(FourLetterWords.send(n.hostOr(runtime.publishedHost()), n.hostPort(), "srvr", PROBE_MILLIS,
          access)).modeIfServing()
          .map(io.zkorch.health.MemberMode::id).orElse("not serving");
    } catch (IOException e) {
      return "no answer";
    }
  }

  /** Polls the members not in {@code skip} until one is a serving leader; its name, or empty at the timeout. */
  public Optional<String> awaitLeader(Set<String> skip, Duration timeout) {
    long giveUp = System.nanoTime() + timeout.toNanos();
    List<Node> others = state().members().stream().filter(n -> !skip.contains(n.target())).toList();
    while (System.nanoTime() < giveUp) {
      for (Map.Entry<Node, String> e : modes(others).entrySet()) {
        if (e.getValue().equals("leader") || e.getValue().equals("standalone")) {
          return Optional.of(e.getKey().target());
        }
      }
      sleep(Duration.ofMillis(10));
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------------------ holder

  /** The worker whose lock node comes first (it holds the lock), with its token. */
  private static Optional<HolderLookup.Holder> holder(Aim aim) {
    return aim.holders().current();
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while injecting a fault.");
    }
  }

  @Override
  public synchronized void close() {
    pool.shutdownNow();
  }
}
