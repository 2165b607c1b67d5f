package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.ZooKeeperMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"ZooKeeper's own shell (zkCli's commands: ls, get, set, create, delete, stat, ...) against a"
        + " cluster, or one member of it.",
        "One command and out: zkorch shell dev -- get /app/config (exit 1 when it fails)."})
final class ShellCommand implements Callable<Integer> {

  @Parameters(paramLabel = "[NAME] [MEMBER] [-- COMMAND]",
      description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one), then a"
          + " member such as zk2 to talk to it alone (with --name or -f, a lone argument is the MEMBER); after --,"
          + " one command to run.")
  List<String> args = new ArrayList<>();

  @Mixin ClusterRef ref;
  @Mixin RuntimeOption runtime;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // what follows "--" is the one-shot command; picocli hands the arguments after it over as positionals
    List<String> raw = command.commandLine().getParseResult().originalArgs();
    int dash = raw.indexOf("--");
    List<String> oneShot = dash < 0 ? List.of() : raw.subList(dash + 1, raw.size());
    List<String> mine = args.subList(0, Math.max(0, args.size() - oneShot.size()));
    if (mine.size() > 2) {
      throw ZkorchException.usage("shell takes at most NAME and MEMBER before --, not " + mine + ".");
    }
    ClusterRef.NameAndMember named = ClusterRef.nameAndMember(mine, ref.given());
    String member = named.member();
    String cluster = ref.resolve(named.name(), runtime::all);
    String connect;
    try (Provider rt = runtime.open(cluster)) {
      connect = member == null ? ClusterRef.connect(rt, cluster)
          : memberAddress(ClusterRef.existing(rt, cluster), member);
    }
    CountDownLatch connected = new CountDownLatch(1);
    // a secure cluster's shell connects as zkorch does: TLS with its client certificate, logged in as zkorch
    io.zkorch.security.ClientAccess access = io.zkorch.security.ClusterSecrets.accessOf(cluster);
    ZooKeeper zk = new ZooKeeper(connect, 30_000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    }, access.clientConfig());
    access.digestAuth().ifPresent(d -> zk.addAuthInfo("digest", d));
    try {
      if (!connected.await(15, TimeUnit.SECONDS)) {
        throw ZkorchException.failure("Could not reach " + (member == null ? cluster : member) + " at " + connect
            + " within 15 s.");
      }
      Main zkMain = new Main(zk);
      if (!oneShot.isEmpty()) {
        zkMain.executeLine(String.join(" ", oneShot));
        System.out.flush();
        return zkMain.exitCode() == 0 ? 0 : ZkorchException.EXIT_FAILURE;
      }
      System.err.println("Connected to " + cluster + (member == null ? "" : " (" + member + " only)") + " at "
          + connect + (access.secure() ? " (" + access + ")" : "")
          + ". ZooKeeper's commands: help; leave with quit or Ctrl-D.");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (true) {
        System.out.print("[zk: " + cluster + (member == null ? "" : "/" + member) + "] ");
        System.out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("quit") || line.strip().equals("exit")) {
          System.out.println();
          return 0;
        }
        if (!line.isBlank()) {
          zkMain.executeLine(line);
        }
      }
    } finally {
      zk.close();
    }
  }

  private static String memberAddress(ClusterState state, String member) {
    Node n = state.members().stream().filter(m -> m.service().equals(member)).findFirst().orElseThrow(
        () -> ZkorchException.usage("Cluster " + state.name() + " has no member " + member + "; it has "
            + state.members().stream().map(Node::service).toList() + "."));
    if (!n.running() || n.hostPort() == 0) {
      throw ZkorchException.failure(member + " is " + n.state() + "; it has no client port to talk to.");
    }
    return n.hostOr(state.host()) + ":" + n.hostPort();
  }

  /** ZooKeeper's shell on an open client, its exit code readable. */
  private static final class Main extends ZooKeeperMain {
    Main(ZooKeeper zk) {
      super(zk);
    }

    int exitCode() {
      return exitCode;
    }

    /**
     * ZooKeeper's commands keep the System.out and System.err they were made with (a static map, filled once per
     * JVM): point them at this command's streams before each line, so that output is never lost to an old stream.
     */
    @Override
    public void executeLine(String line) throws InterruptedException, IOException {
      try {
        java.lang.reflect.Field commands = ZooKeeperMain.class.getDeclaredField("commandMapCli");
        commands.setAccessible(true);
        for (Object c : ((java.util.Map<?, ?>) commands.get(null)).values()) {
          ((org.apache.zookeeper.cli.CliCommand) c).setOut(System.out);
          ((org.apache.zookeeper.cli.CliCommand) c).setErr(System.err);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a ZooKeeper without that map prints where its commands were made to: System.out of this process
      }
      super.executeLine(line);
    }
  }
}
