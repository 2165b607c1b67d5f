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
        "TARGET is a member (zk2), leader, follower, member (any voter) or an app (probe-1)."},
    subcommands = {FaultCommand.Kill.class, FaultCommand.Start.class, FaultCommand.Pause.class,
        FaultCommand.Unpause.class, FaultCommand.Partition.class, FaultCommand.Heal.class})
final class FaultCommand {

  /** What the one-off faults share: the cluster, the target, and how long the fault lasts. */
  abstract static class OneFault implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster.")
    String cluster;

    @Parameters(index = "1", paramLabel = "TARGET", description = "zk2, leader, follower, member, or an app.")
    String target;

    @picocli.CommandLine.Mixin RuntimeOption runtime;

    abstract Fault.Action action();

    /** How long before it is undone; null leaves it until `zkorch fault heal`. */
    abstract Duration lasting();

    @Override
    public Integer call() {
      Fault fault = parse(action(), target);
      try (Provider docker = runtime.open(cluster); Faults faults = new Faults(docker, cluster, System.nanoTime())) {
        FaultEvent event = faults.inject(fault, Faults.Aim.NONE);
        System.out.println(sentence(event));
        if (fault.action() == Fault.Action.PARTITION && event.node().matches("zk\\d+")) {
          System.out.println(insideView(docker, cluster, event.node()));
        }
        if (lasting() == null) {
          System.out.println("It stays until `zkorch fault heal " + cluster + "`.");
          return 0;
        }
        sleep(lasting());
        faults.heal(event);
        System.out.println("Healed " + event.node() + " after " + Durations.format(lasting()) + ".");
        return await(docker, cluster);
      }
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
    Fault.Action action() {
      return Fault.Action.KILL;
    }

    @Override
    Duration lasting() {
      return restartAfter;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Freeze a member or app (docker pause). Past the session timeout, its sessions expire.")
  static final class Pause extends OneFault {
    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Resume it after this long and wait for a healthy quorum.")
    Duration lasting;

    @Override
    Fault.Action action() {
      return Fault.Action.PAUSE;
    }

    @Override
    Duration lasting() {
      return lasting;
    }
  }

  @Command(name = "partition", mixinStandardHelpOptions = true,
      description = "Cut a member or app off the cluster's network; a cut-off member loses the quorum and stops"
          + " serving.")
  static final class Partition extends OneFault {
    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Reconnect it after this long and wait for a healthy quorum.")
    Duration lasting;

    @Override
    Fault.Action action() {
      return Fault.Action.PARTITION;
    }

    @Override
    Duration lasting() {
      return lasting;
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a killed member or app again.")
  static final class Start implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String cluster;
    @Parameters(index = "1", paramLabel = "TARGET") String target;
    @picocli.CommandLine.Mixin RuntimeOption runtime;

    @Override
    public Integer call() {
      try (Provider docker = runtime.open(cluster)) {
        docker.start(cluster, target);
        System.out.println("Started " + target + ".");
        return await(docker, cluster);
      }
    }
  }

  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Resume a paused member or app.")
  static final class Unpause implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String cluster;
    @Parameters(index = "1", paramLabel = "TARGET") String target;
    @picocli.CommandLine.Mixin RuntimeOption runtime;

    @Override
    public Integer call() {
      try (Provider docker = runtime.open(cluster)) {
        docker.unpause(cluster, target);
        System.out.println("Resumed " + target + ".");
        return await(docker, cluster);
      }
    }
  }

  @Command(name = "heal", mixinStandardHelpOptions = true,
      description = "Undo every fault: resume paused nodes, reconnect cut-off ones, start killed members; then wait"
          + " for a healthy quorum. Exit 1 when it is not healthy in time.")
  static final class Heal implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String cluster;
    @picocli.CommandLine.Mixin RuntimeOption runtime;

    @Override
    public Integer call() {
      try (Provider docker = runtime.open(cluster); Faults faults = new Faults(docker, cluster, 1)) {
        List<String> done = faults.healAll();
        System.out.println(done.isEmpty() ? "Nothing to heal." : "Healed: " + String.join(", ", done) + ".");
        return await(docker, cluster);
      }
    }
  }

  static Fault parse(Fault.Action action, String target) {
    try {
      return Fault.parse(action.id() + "-" + target);
    } catch (IllegalArgumentException e) {
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
    String verb = switch (e.fault().action()) {
      case KILL -> "Killed";
      case PAUSE -> "Paused";
      case PARTITION -> "Cut off";
    };
    String s = verb + " " + e.node() + (e.role() == null || e.role().isEmpty() ? "" : " (" + e.role() + ")") + ".";
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
  static int await(Provider docker, String cluster) {
    ClusterManager manager = new ClusterManager(docker, Progress.silent());
    try {
      Verdict verdict = QuorumWait.forQuorum().withTimeout(Duration.ofSeconds(60))
          .withPollInterval(Duration.ofMillis(200))
          .await(() -> ClusterManager.endpoints(docker.find(cluster).orElseThrow(() -> ZkorchException.usage(
              "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."))));
      System.out.println("Quorum: healthy — leader " + verdict.leader().map(m -> m.service()).orElse("?") + ".");
      return 0;
    } catch (QuorumWait.TimedOut e) {
      System.out.print(StatusView.render(manager.status(cluster, true)));
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
