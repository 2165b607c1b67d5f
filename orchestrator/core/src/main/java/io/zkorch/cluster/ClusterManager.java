package io.zkorch.cluster;

import io.zkorch.ZkorchException;
import io.zkorch.health.Check;
import io.zkorch.health.Endpoint;
import io.zkorch.health.QuorumProbe;
import io.zkorch.health.QuorumWait;
import io.zkorch.health.Verdict;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Brings clusters up and down on one {@link Provider}, and reports their status. */
public final class ClusterManager {

  /**
   * How {@code up} behaves.
   *
   * @param timeout how long to wait for a healthy quorum; zero starts the apps without waiting
   * @param retain keep a cluster that failed to come up, for debugging
   * @param poll how often the quorum is probed while waiting
   */
  public record UpOptions(Duration timeout, boolean retain, Duration poll) {
    public static UpOptions waitFor(Duration wait) {
      return new UpOptions(wait, false, Duration.ofMillis(100));
    }
  }

  private final Provider runtime;
  private final Progress progress;

  public ClusterManager(Provider runtime, Progress progress) {
    this.runtime = runtime;
    this.progress = progress;
  }

  public Provider runtime() {
    return runtime;
  }

  /** Boots the cluster; on failure removes what it created unless {@code retain}. Returns its status. */
  public ClusterStatus up(ClusterSpec spec, UpOptions options) {
    java.time.Instant began = java.time.Instant.now();
    lastBoot = null;
    io.zkorch.health.Warmup.inBackground(); // the client's classes load while images are checked and members boot
    Topology topology = Topology.of(spec);
    Optional<ClusterState> existing = runtime.find(spec.name());
    if (existing.isPresent() && !existing.get().nodes().isEmpty()) {
      throw ZkorchException.usage(
          "A cluster named " + spec.name() + " already exists (" + existing.get().summary() + "); remove it with"
              + " `zkorch down " + spec.name() + "` or choose another name.");
    }
    if (existing.isPresent() && existing.get().network()) {
      // a network without containers is what an interrupted `up` or `down` leaves; it holds no user data
      runtime.remove(spec.name(), false);
    }
    runtime.placement().ifPresent(where -> progress.start(where).ok());
    // the network does not depend on the images: create it while they are checked (or built)
    java.util.concurrent.CompletableFuture<Void> network =
        java.util.concurrent.CompletableFuture.runAsync(() -> runtime.createNetwork(topology));
    Provider.Prepared resolved;
    try {
      resolved = runtime.prepare(topology, progress);
    } catch (RuntimeException e) {
      try {
        network.join();
        runtime.remove(spec.name(), false); // only the network was made; nothing else to undo
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    boolean created = false;
    boolean removeVolumes = !hadVolumes(existing);
    // Ctrl-C (or a kill) mid-way must not leave a half-created cluster either
    Thread interrupted = new Thread(() -> {
      if (!options.retain()) {
        runtime.remove(spec.name(), removeVolumes);
      }
    }, "zkorch-up-interrupted");
    java.lang.Runtime.getRuntime().addShutdownHook(interrupted);
    ClusterStatus[] proven = {null};
    // bring-up as an explicit, ordered list of one-method steps (kind's create.go); a step with no title shows its
    // own progress (the quorum wait shows each check)
    List<UpStep> steps = new ArrayList<>();
    // the cluster's own network: members find each other by name on it
    steps.add(new UpStep("Creating " + runtime.networkName(topology), () -> {
      try {
        network.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }));
    if (topology.members().stream().anyMatch(m -> !m.volumes().isEmpty())) {
      // a data volume per member (none with tmpfs storage); kept by down unless asked
      steps.add(new UpStep("Creating volumes", () -> runtime.createVolumes(topology)));
    }
    // every member, created before any starts, so a bad image or name fails before anything runs
    steps.add(new UpStep("Creating " + topology.members().size() + " members",
        () -> runtime.createMembers(topology, resolved.member())));
    io.zkorch.security.ClusterSecrets[] secrets = {null};
    if (topology.needsSecrets()) {
      // the cluster's keys and logins (made once, kept with its secrets), put into each member before it starts
      steps.add(new UpStep("Installing " + secretsSummary(spec) + " into " + topology.members().size() + " members",
          () -> {
            secrets[0] = secrets(topology);
            runtime.installSecrets(topology, secrets[0]);
          }));
    }
    // all at once: an ensemble forms fastest when its members meet within one election round
    java.time.Instant[] started = {null};
    steps.add(new UpStep("Starting members", () -> {
      runtime.startMembers(topology);
      started[0] = java.time.Instant.now();
    }));
    if (!options.timeout().isZero()) {
      // the full verdict, not an open port: serving modes, one leader, synced followers, a round trip, one epoch
      steps.add(new UpStep(null, () -> {
        proven[0] = awaitQuorum(topology, options, access(secrets[0]));
        lastBoot = timeline(topology, began, started[0], java.time.Instant.now());
      }));
    }
    if (!spec.data().isEmpty() && !options.timeout().isZero()) {
      // the cluster file's znodes, before apps start, so the app under test finds its configuration at boot
      steps.add(new UpStep(null, () -> {
        Progress.Step seeding = progress.start("Seeding " + spec.data().znodes().size() + " znodes");
        try {
          lastSeed = io.zkorch.data.DataSync.seed(proven[0].connectString(), access(secrets[0]), spec.data());
          seeding.ok(lastSeed.summary());
        } catch (RuntimeException e) {
          seeding.fail(String.valueOf(e.getMessage()));
          throw e;
        }
      }));
    }
    if (!spec.zookeeper().security().acl().isEmpty() && !options.timeout().isZero()) {
      // ACLs after the seeding (zkorch's login is the super user, so re-seeding a protected tree works)
      steps.add(new UpStep(null, () -> {
        Progress.Step acls = progress.start("Applying " + spec.zookeeper().security().acl().size() + " ACLs");
        try {
          acls.ok(io.zkorch.data.DataSync.withClient(proven[0].connectString(), access(secrets[0]),
              c -> io.zkorch.data.DataSync.applyAcls(c, spec.zookeeper().security().acl())));
        } catch (RuntimeException e) {
          acls.fail(String.valueOf(e.getMessage()));
          throw e;
        }
      }));
    }
    if (topology.needsSecrets() && !options.timeout().isZero()) {
      // each protection proven by what it refuses, the verdict failing (and the cluster removed) when one does not
      steps.add(new UpStep(null, () -> proven[0] = securityChecks(proven[0], secrets[0])));
    }
    if (!topology.apps().isEmpty()) {
      // apps last, so they find a proven quorum behind ZK_HOSTS
      steps.add(new UpStep("Starting " + topology.apps().size() + " app containers",
          () -> runtime.startApps(topology, resolved.app())));
    }
    try {
      for (UpStep s : steps) {
        if (s.title() == null) {
          s.action().run();
        } else {
          step(s.title(), s.action());
        }
        created = true; // once a step has made something, a later failure has something to remove
      }
      return proven[0] != null ? withState(proven[0]) : status(spec.name(), false);
    } catch (RuntimeException e) {
      if (created && !options.retain()) {
        Progress.Step cleanup = progress.start("Removing the half-created cluster (--retain keeps it)");
        try {
          // secrets made for a cluster that never came up go with it; an existing cluster's stay with its volumes
          down(spec.name(), removeVolumes, !removeVolumes);
          cleanup.ok();
        } catch (RuntimeException suppressed) {
          cleanup.fail(String.valueOf(suppressed.getMessage()));
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    } finally {
      try {
        java.lang.Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it cleans up
      }
    }
  }

  /** The cluster's secrets: what an earlier up made is kept (the volumes' members know its CA), the rest made. */
  private io.zkorch.security.ClusterSecrets secrets(Topology topology) {
    List<String> members = topology.members().stream().map(Topology.Member::service).toList();
    List<String> hosts = runtime.publishedHost().equals("127.0.0.1") ? List.of() : List.of(runtime.publishedHost());
    return io.zkorch.security.ClusterSecrets.prepare(io.zkorch.security.ClusterSecrets.dirOf(topology.cluster()),
        topology.cluster(), topology.spec().zookeeper().security(), members, hosts, System::getenv);
  }

  private static io.zkorch.security.ClientAccess access(io.zkorch.security.ClusterSecrets secrets) {
    return secrets == null ? io.zkorch.security.ClientAccess.PLAIN : secrets.access();
  }

  /** What a secure cluster's members are given: "TLS material and SASL logins". */
  private static String secretsSummary(ClusterSpec spec) {
    io.zkorch.spec.SecuritySpec sec = spec.zookeeper().security();
    List<String> parts = new ArrayList<>();
    if (io.zkorch.security.ClusterSecrets.tlsUsed(sec)) {
      parts.add("TLS material");
    }
    if (sec.sasl().enabled()) {
      parts.add("SASL logins");
    }
    if (io.zkorch.security.ClusterSecrets.digestSuperUser(sec)) {
      parts.add("zkorch's digest login");
    }
    return String.join(" and ", parts);
  }

  /** Runs a secure cluster's checks as steps; a failing one fails {@code up} (the verdict is not healthy). */
  private ClusterStatus securityChecks(ClusterStatus status, io.zkorch.security.ClusterSecrets secrets) {
    List<Check> checks = new ArrayList<>();
    for (var planned : new io.zkorch.health.SecurityChecks(secrets, 1000).planned(endpoints(status.state()))) {
      Progress.Step step = progress.start(planned.kind().waiting());
      Check c = planned.check().get();
      checks.add(c);
      if (c.ok()) {
        step.ok(c.detail());
      } else {
        step.fail(c.detail());
        throw ZkorchException.failure("The secure cluster's check '" + c.name() + "' failed: " + c.detail() + ".");
      }
    }
    return new ClusterStatus(status.state(), status.verdict().withSecurity(checks), status.connectString());
  }

  private volatile io.zkorch.health.BootTimeline lastBoot;
  private volatile io.zkorch.data.DataSync.Plan lastSeed;

  /** What the last {@code up} did to the cluster file's {@code data:} (empty when it has none). */
  public Optional<io.zkorch.data.DataSync.Plan> lastSeed() {
    return Optional.ofNullable(lastSeed);
  }

  /** Where the last {@code up}'s seconds went (empty when it did not wait for the quorum, or failed). */
  public Optional<io.zkorch.health.BootTimeline> lastBoot() {
    return Optional.ofNullable(lastBoot);
  }

  /** Reads every member's log (side by side) for the timestamps of its start, election and sync. */
  private io.zkorch.health.BootTimeline timeline(Topology topology, java.time.Instant began, java.time.Instant started,
      java.time.Instant verdict) {
    java.time.ZoneId zone = runtime.name().equals("local") ? java.time.ZoneId.systemDefault() : java.time.ZoneOffset.UTC;
    List<java.util.concurrent.CompletableFuture<io.zkorch.health.BootTimeline.Member>> reads = topology.members()
        .stream().map(m -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          String log;
          try {
            log = runtime.logs(topology.cluster(), m.service(), 0);
          } catch (RuntimeException e) {
            log = ""; // no log, no times: the summary says so
          }
          return io.zkorch.health.BootTimeline.parse(m.service(), log, zone, began);
        })).toList();
    List<io.zkorch.health.BootTimeline.Member> members =
        reads.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    return new io.zkorch.health.BootTimeline(began, started == null ? began : started, verdict, members);
  }

  /** One step of {@code up}: what the user sees (null: the step shows its own progress) and what it does. */
  private record UpStep(String title, Runnable action) {}

  private static boolean hadVolumes(Optional<ClusterState> existing) {
    return existing.isPresent() && !existing.get().volumes().isEmpty();
  }

  private ClusterStatus withState(ClusterStatus status) {
    ClusterState state = runtime.find(status.state().name()).orElse(status.state());
    return new ClusterStatus(state, status.verdict(), status.connectString());
  }

  private void step(String title, Runnable action) {
    Progress.Step step = progress.start(title);
    try {
      action.run();
      step.ok();
    } catch (RuntimeException e) {
      step.fail(String.valueOf(e.getMessage()));
      throw e;
    }
  }

  /** Probes until every check passes, showing each check as a step; a clear failure on timeout. */
  private ClusterStatus awaitQuorum(Topology topology, UpOptions options, io.zkorch.security.ClientAccess access) {
    ClusterState state = runtime.find(topology.cluster()).orElseThrow();
    List<Endpoint> endpoints = endpoints(state);
    Progress.Step[] step = {progress.start(Verdict.STEPS.get(0).waiting())};
    int[] shown = {0};
    QuorumWait wait = QuorumWait.forQuorum().withTimeout(options.timeout()).withPollInterval(options.poll())
        .withAccess(access)
        .onVerdict(verdict -> {
          int passed = (int) verdict.checks().stream().takeWhile(Check::ok).count();
          while (shown[0] < passed) {
            step[0].ok(verdict.checks().get(shown[0]).detail());
            shown[0]++;
            if (shown[0] < Verdict.STEPS.size()) {
              step[0] = progress.start(Verdict.STEPS.get(shown[0]).waiting());
            }
          }
          verdict.firstFailure().ifPresent(failing -> step[0].update(failing.detail()));
        })
        .withGuard(() -> {
          Optional<Node> dead = runtime.find(topology.cluster()).orElseThrow().members().stream()
              .filter(n -> !n.running()).findFirst();
          if (dead.isPresent()) {
            step[0].fail(dead.get().service() + " is " + dead.get().state());
            throw ZkorchException.failure(
                "Member " + dead.get().service() + " stopped (" + dead.get().state() + ") before the quorum was"
                    + " healthy. Its last log lines:\n" + indent(lastLines(topology.cluster(), dead.get().service())));
          }
        }, Duration.ofSeconds(1));
    try {
      Verdict verdict = wait.await(endpoints);
      return new ClusterStatus(state, verdict, connectString(endpoints));
    } catch (QuorumWait.TimedOut e) {
      Check failing = e.last().flatMap(Verdict::firstFailure).orElse(null);
      String member = failing == null || failing.member() == null ? firstMember(topology) : failing.member();
      String what = failing == null ? "not all checks ran" : failing.name() + ": " + failing.detail();
      step[0].fail(what);
      throw ZkorchException.failure(
          "The quorum was not healthy after " + seconds(options.timeout()) + " (" + what + "). Last log lines of "
              + member + ":\n" + indent(lastLines(topology.cluster(), member)), e);
    }
  }

  /** The connect string of a cluster's running members, as clients on this host use it (empty when none runs). */
  public static String connectString(ClusterState state) {
    return connectString(endpoints(state));
  }

  /** The connect string of endpoints, as clients on this host use it. */
  private static String connectString(List<Endpoint> endpoints) {
    return endpoints.stream().filter(e -> e.port() > 0).map(e -> e.host() + ":" + e.port())
        .collect(java.util.stream.Collectors.joining(","));
  }

  /** The member's last log lines, stack frames left out so that the messages themselves fit. */
  private String lastLines(String cluster, String service) {
    try {
      List<String> lines = runtime.logs(cluster, service, 300).lines()
          .filter(l -> !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*")).toList();
      String logs = String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
      return logs.isBlank() ? "(no output)" : logs.stripTrailing();
    } catch (RuntimeException e) {
      return "(logs unavailable: " + e.getMessage() + ")";
    }
  }

  private static String firstMember(Topology topology) {
    return topology.members().get(0).service();
  }

  private static String indent(String text) {
    return "  | " + text.replace("\n", "\n  | ");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Where to reach each running member from this host. */
  public static List<Endpoint> endpoints(ClusterState state) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Node n : state.members()) {
      endpoints.add(new Endpoint(n.memberId(), n.service(), n.observer(), n.hostOr(state.host()), n.hostPort()));
    }
    return endpoints;
  }

  /** The cluster's state and (when members exist) its quorum verdict, with a client round trip if asked. */
  public ClusterStatus status(String cluster, boolean roundTrip) {
    ClusterState state = runtime.find(cluster).orElseThrow(() -> ZkorchException.usage(
        "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."));
    if (state.members().isEmpty()) {
      return new ClusterStatus(state, null, "");
    }
    Optional<io.zkorch.security.ClusterSecrets> secrets = io.zkorch.security.ClusterSecrets.of(cluster);
    try (QuorumProbe probe = new QuorumProbe(endpoints(state), 1000, access(secrets.orElse(null)))) {
      Verdict verdict = probe.probe(roundTrip);
      if (roundTrip && verdict.healthy() && secrets.isPresent()) {
        verdict = verdict.withSecurity(new io.zkorch.health.SecurityChecks(secrets.get(), 1000)
            .run(endpoints(state)));
      }
      return new ClusterStatus(state, verdict, probe.connectString());
    }
  }

  public List<ClusterState> list() {
    return runtime.list();
  }

  /** Removes the cluster; idempotent (an empty list when nothing was there). */
  public List<String> down(String cluster, boolean volumes) {
    return down(cluster, volumes, false);
  }

  /**
   * Removes the cluster and, unless {@code keepSecrets}, its TLS material; returns what was removed ("secrets DIR"
   * last).
   */
  public List<String> down(String cluster, boolean volumes, boolean keepSecrets) {
    List<String> removed = new ArrayList<>(runtime.remove(cluster, volumes));
    java.nio.file.Path secrets = io.zkorch.security.ClusterSecrets.dirOf(cluster);
    if (!keepSecrets && java.nio.file.Files.exists(secrets)) {
      io.zkorch.security.ClusterSecrets.remove(secrets);
      removed.add("secrets " + secrets);
    }
    return removed;
  }
}
