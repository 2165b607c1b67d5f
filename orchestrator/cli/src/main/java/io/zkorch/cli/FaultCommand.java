package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.health.QuorumWait;
import io.zkorch.health.Verdict;
import io.zkorch.spec.Fault;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.Faults;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-off faults against a running cluster, and the heal that undoes them all. */
@Command(name = "fault", mixinStandardHelpOptions = true,
    description = {"Inject one fault into a running cluster, or heal every fault.",
        "TARGET is a member (zk2), leader, follower, member (any voter) or an app (probe-1); partition also takes"
            + " a shape of the whole ensemble: halves, bridge or ring.",
        "Network faults (partition shapes, isolate, oneway, hide and link chaos) run iptables and tc in zkorch's"
            + " helper container in the target's network namespace: no tool is needed in the member image."},
    subcommands = {FaultCommand.Kill.class, FaultCommand.Start.class, FaultCommand.Pause.class,
        FaultCommand.Unpause.class, FaultCommand.Partition.class, FaultCommand.Isolate.class,
        FaultCommand.Oneway.class, FaultCommand.Hide.class, FaultCommand.Delay.class, FaultCommand.Loss.class,
        FaultCommand.Duplicate.class, FaultCommand.Reorder.class, FaultCommand.Rate.class, FaultCommand.Heal.class})
final class FaultCommand {

  /** What the one-off faults share: the cluster, the target, and how long the fault lasts. */
  abstract static class OneFault implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "[NAME] TARGET",
        description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one), then"
            + " zk2, leader, follower, member, or an app.")
    List<String> args;

    @picocli.CommandLine.Mixin ClusterRef ref;
    @picocli.CommandLine.Mixin RuntimeOption runtime;
    @picocli.CommandLine.Mixin OutputOption output;

    String cluster;
    String target;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** The action is the subcommand's name: kill, pause, partition, isolate, delay, … */
    Fault.Action action() {
      return Fault.Action.valueOf(spec.name().toUpperCase(Locale.ROOT));
    }

    /** How long before it is undone; null leaves it until `zkorch fault heal`. */
    abstract Duration lasting();

    /** Link chaos's shape (200ms, 20%), or null. */
    String shape() {
      return null;
    }

    @Override
    public Integer call() {
      target = args.get(args.size() - 1);
      cluster = ref.resolve(args.size() == 2 ? args.get(0) : null, runtime::all);
      Fault fault = parse(action(), target, shape());
      try (Provider docker = runtime.open(cluster); Faults faults = new Faults(docker, cluster, System.nanoTime())) {
        java.io.PrintStream say = output.text() ? System.out : System.err;
        FaultEvent event = faults.inject(fault, Faults.Aim.NONE);
        say.println(sentence(event));
        if (!event.links().isEmpty()) {
          say.println("Links cut: " + String.join(", ", event.links()) + ".");
        }
        if ((fault.action() == Fault.Action.PARTITION || fault.action() == Fault.Action.ISOLATE)
            && !fault.target().topology() && event.node().matches("zk\\d+")) {
          say.println(insideView(docker, cluster, event.node()));
        }
        if (lasting() == null) {
          say.println("It stays until `zkorch fault heal " + cluster + "`.");
          if (!output.text()) {
            output.print(Documents.fault(cluster, event, null));
          }
          return 0;
        }
        sleep(lasting());
        faults.heal(event);
        say.println("Healed " + String.join(", ", event.nodes()) + " after " + Durations.format(lasting()) + ".");
        int code = await(docker, cluster, say);
        if (!output.text()) {
          output.print(Documents.fault(cluster, event, code == 0));
        }
        return code;
      }
    }
  }

  /** A fault that lasts until `fault heal`, or for --for. */
  abstract static class Lasting extends OneFault {
    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Undo it after this long and wait for a healthy quorum.")
    Duration lasting;

    @Override
    Duration lasting() {
      return lasting;
    }
  }

  @Command(name = "kill", mixinStandardHelpOptions = true,
      description = "Kill a member or app (SIGKILL). A killed member keeps its data; `fault start` or `fault heal`"
          + " brings it back.")
  static final class Kill extends OneFault {
    @Option(names = "--restart-after", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Start it again after this long and wait for a healthy quorum.")
    Duration restartAfter;

    @Override
    Duration lasting() {
      return restartAfter;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Freeze a member or app (docker pause). Past the session timeout, its sessions expire.")
  static final class Pause extends Lasting {
  }

  @Command(name = "partition", mixinStandardHelpOptions = true,
      description = "Cut a member or app off the cluster's network; a cut-off member loses the quorum and stops"
          + " serving.")
  static final class Partition extends Lasting {
  }

  @Command(name = "isolate", mixinStandardHelpOptions = true,
      description = "Cut a member off the other members while its clients still reach it (iptables in zkorch's"
          + " network-fault helper, in the member's network namespace: no tool needed in the member image). It"
          + " answers its clients until it notices it lost the quorum; `fault heal` removes the rules, even from"
          + " another process.")
  static final class Isolate extends Lasting {
  }

  @Command(name = "oneway", mixinStandardHelpOptions = true,
      description = "One-way loss: the member hears nothing from the other members, while what it sends them still"
          + " arrives (iptables in its network namespace). `fault heal` removes the rules.")
  static final class Oneway extends Lasting {
  }

  @Command(name = "hide", mixinStandardHelpOptions = true,
      description = "Hide a member from the cluster's app and worker containers: they cannot reach it, while the"
          + " members still can (clients on the host are not cut).")
  static final class Hide extends Lasting {
  }

  /** Link chaos: a shape (--by) and how long. */
  abstract static class Chaos extends Lasting {
    @Option(names = "--by", paramLabel = "SHAPE", description = "How much (see the command's description).")
    String by;

    @Override
    String shape() {
      return by;
    }
  }

  @Command(name = "delay", mixinStandardHelpOptions = true,
      description = "Delay what a member or app sends: --by 200ms (the default), or 200ms~50ms for jitter.")
  static final class Delay extends Chaos {
  }

  @Command(name = "loss", mixinStandardHelpOptions = true,
      description = "Drop a share of what a member or app receives: --by 20% (the default).")
  static final class Loss extends Chaos {
  }

  @Command(name = "duplicate", mixinStandardHelpOptions = true,
      description = "Send a share of what a member or app sends twice: --by 10% (the default).")
  static final class Duplicate extends Chaos {
  }

  @Command(name = "reorder", mixinStandardHelpOptions = true,
      description = "Hold what a member or app sends 10 ms, except a share that overtakes it: --by 25% (the"
          + " default).")
  static final class Reorder extends Chaos {
  }

  @Command(name = "rate", mixinStandardHelpOptions = true,
      description = "Limit what a member or app sends to a rate: --by 1mbit (the default), 500kbit.")
  static final class Rate extends Chaos {
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a killed member or app again.")
  static final class Start implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "[NAME] TARGET") List<String> args;
    @picocli.CommandLine.Mixin ClusterRef ref;
    @picocli.CommandLine.Mixin RuntimeOption runtime;
    @picocli.CommandLine.Mixin OutputOption output;

    @Override
    public Integer call() {
      String target = args.get(args.size() - 1);
      String cluster = ref.resolve(args.size() == 2 ? args.get(0) : null, runtime::all);
      try (Provider docker = runtime.open(cluster)) {
        docker.start(cluster, target);
        return done(output, cluster, "start", List.of(target), "Started " + target + ".", docker);
      }
    }
  }

  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Resume a paused member or app.")
  static final class Unpause implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "[NAME] TARGET") List<String> args;
    @picocli.CommandLine.Mixin ClusterRef ref;
    @picocli.CommandLine.Mixin RuntimeOption runtime;
    @picocli.CommandLine.Mixin OutputOption output;

    @Override
    public Integer call() {
      String target = args.get(args.size() - 1);
      String cluster = ref.resolve(args.size() == 2 ? args.get(0) : null, runtime::all);
      try (Provider docker = runtime.open(cluster)) {
        docker.unpause(cluster, target);
        return done(output, cluster, "unpause", List.of(target), "Resumed " + target + ".", docker);
      }
    }
  }

  @Command(name = "heal", mixinStandardHelpOptions = true,
      description = "Undo every fault: resume paused nodes, reconnect cut-off ones, start killed members; then wait"
          + " for a healthy quorum. Exit 1 when it is not healthy in time.")
  static final class Heal implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME") String name;
    @picocli.CommandLine.Mixin ClusterRef ref;
    @picocli.CommandLine.Mixin RuntimeOption runtime;
    @picocli.CommandLine.Mixin OutputOption output;

    @Override
    public Integer call() {
      String cluster = ref.resolve(name, runtime::all);
      try (Provider docker = runtime.open(cluster); Faults faults = new Faults(docker, cluster, 1)) {
        List<String> done = faults.healAll();
        return done(output, cluster, "heal", done, done.isEmpty() ? "Nothing to heal."
            : "Healed: " + String.join(", ", done) + ".", docker);
      }
    }
  }

  /** Says what was undone, waits for the quorum, and prints the document when asked for one. */
  static int done(OutputOption output, String cluster, String action, List<String> nodes, String sentence,
      Provider docker) {
    java.io.PrintStream say = output.text() ? System.out : System.err;
    say.println(sentence);
    int code = await(docker, cluster, say);
    if (!output.text()) {
      output.print(Documents.healed(cluster, action, nodes, code == 0));
    }
    return code;
  }

  static Fault parse(Fault.Action action, String target, String shape) {
    if (target.contains(":")) {
      throw ZkorchException.usage("'" + target + "' is not a target; use a member such as zk2, leader, follower,"
          + " member, or an app such as probe-1" + (action.chaos() ? ", and --by for the shape." : "."));
    }
    try {
      return Fault.parse(action.id() + "-" + target + (shape == null ? "" : ":" + shape));
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().contains("is not a fault") && !e.getMessage().contains("names no target")) {
        throw ZkorchException.usage(e.getMessage()); // a shape's or a target's own sentence
      }
      throw ZkorchException.usage("'" + target + "' is not a target; use a member such as zk2, leader, follower,"
          + " member, or an app such as probe-1.");
    }
  }

  /**
   * What a cut-off member says of itself, asked from inside its own network namespace: it takes the member up to
   * syncLimit × tickTime to notice that it lost the quorum, so this waits (up to 10 s) until it stops serving.
   */
  static String insideView(Provider docker, String cluster, String member) {
    long t0 = System.nanoTime();
    long giveUp = t0 + Duration.ofSeconds(10).toNanos();
    io.zkorch.health.Srvr srvr;
    do {
      srvr = io.zkorch.health.Srvr.parse(docker.fourLetterWordInside(cluster, member, "srvr"));
      if (!srvr.serving()) {
        return String.format(Locale.ROOT, "%s itself says, %.1f s later: %s", member, (System.nanoTime() - t0) / 1e9,
            srvr.raw().isBlank() ? "nothing (it does not answer)" : srvr.raw().strip().lines().findFirst().orElse(""));
      }
      sleep(Duration.ofMillis(100));
    } while (System.nanoTime() < giveUp);
    return member + " itself still says it is a serving " + srvr.mode() + " after 10 s.";
  }

  static String sentence(FaultEvent e) {
    String who = e.node() + (e.role() == null || e.role().isEmpty() ? "" : " (" + e.role() + ")");
    String s = switch (e.fault().action()) {
      case KILL -> "Killed " + who + ".";
      case PAUSE -> "Paused " + who + ".";
      case PARTITION -> e.fault().target().topology()
          ? "Partitioned the members (" + e.fault().target().id() + "): " + who + "." : "Cut off " + who + ".";
      case ISOLATE -> "Isolated " + who + " from the other members.";
      case ONEWAY -> "Deafened " + who + " to the other members (what it sends still arrives).";
      case HIDE -> "Hid " + who + " from the cluster's app and worker containers.";
      case DELAY, LOSS, DUPLICATE, REORDER, RATE -> (e.node().contains("~")
          ? "Shaped the link " + e.node().replace("~", "->") + " (what the first sends the second): "
          : "Shaped " + who + "'s links: ") + e.fault().action().id() + " " + e.fault().shape() + ".";
    };
    if (e.leaderAfterMs() != null) {
      s += String.format(Locale.ROOT, " %s leads, %.0f ms later.", e.leader(), e.leaderAfterMs());
    } else if (e.leader() != null && e.leader().startsWith("no member (")) {
      s += " No member can lead: " + e.leader().substring("no member (".length(), e.leader().length() - 1) + ".";
    } else if (e.leader() != null) {
      s += " No member led within 60 s.";
    }
    return s;
  }

  /** Waits up to a minute for a healthy quorum and prints the verdict; exit 1 if it is not healthy. */
  static int await(Provider docker, String cluster, java.io.PrintStream say) {
    ClusterManager manager = new ClusterManager(docker, Progress.silent());
    try {
      Verdict verdict = QuorumWait.forQuorum().withTimeout(Duration.ofSeconds(60))
          .withAccess(io.zkorch.security.ClusterSecrets.accessOf(cluster))
          .withPollInterval(Duration.ofMillis(200))
          .await(() -> ClusterManager.endpoints(docker.find(cluster).orElseThrow(() -> ZkorchException.usage(
              "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."))));
      say.println("Quorum: healthy — leader " + verdict.leader().map(m -> m.service()).orElse("?") + ".");
      return 0;
    } catch (QuorumWait.TimedOut e) {
      say.print(StatusView.render(manager.status(cluster, true)));
      return ZkorchException.EXIT_FAILURE;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted.");
    }
  }
}
