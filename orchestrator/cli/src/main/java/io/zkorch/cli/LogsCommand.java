package io.zkorch.cli;

import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Logs of a member or app, or (with --export) of every container plus its inspect output.",
        "As with compose, -f here is --follow; name the cluster file with --file, or before the command"
            + " (zkorch -f FILE logs -f)."})
final class LogsCommand implements Callable<Integer> {

  @Parameters(arity = "0..2", paramLabel = "[NAME] [MEMBER]",
      description = "The cluster (or --name, --file, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one), then zk1,"
          + " zk2, ... or an app replica such as probe-1; all members when left out. With --name or --file, a lone"
          + " argument is the MEMBER.")
  List<String> args = new ArrayList<>();

  @Option(names = "--file", paramLabel = "FILE", description = "Name the cluster by its cluster file.")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "The cluster (default: $ZKORCH_CLUSTER).")
  String name;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted (Ctrl-C).")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N", defaultValue = "0", description = "Only the last N lines.")
  int tail;

  @Option(names = "--export", paramLabel = "DIR", description = "Write every container's logs and inspect to DIR.")
  Path export;

  @picocli.CommandLine.Mixin RuntimeOption runtime;
  @Spec CommandSpec command;

  @Override
  public Integer call() {
    // a lone zk1, zk2... is a member of the cluster named otherwise (cwd's cluster.yaml, $ZKORCH_CLUSTER, ...)
    ClusterRef.NameAndMember named = ClusterRef.nameAndMember(args, ClusterRef.given(file, name, command));
    String member = named.member();
    String cluster = ClusterRef.resolve(named.name(), name, file, command, runtime::all);
    try (Provider docker = runtime.open(cluster)) {
      if (export != null) {
        List<Path> files = docker.exportLogs(cluster, export);
        System.out.println("Wrote " + files.size() + " files to " + export);
        return 0;
      }
      if (member != null) {
        if (follow) {
          docker.follow(cluster, member, tail, System.out::println, () -> false);
        } else {
          System.out.print(docker.logs(cluster, member, tail));
        }
        return 0;
      }
      ClusterState state = ClusterRef.existing(docker, cluster);
      if (follow) {
        // one stream per member, lines prefixed as compose does; until Ctrl-C or every member stops
        List<Thread> streams = new ArrayList<>();
        for (Node n : state.members()) {
          Thread t = new Thread(() -> docker.follow(cluster, n.service(), tail, line -> print(n.service(), line),
              () -> false), "logs-" + n.service());
          t.setDaemon(true);
          t.start();
          streams.add(t);
        }
        for (Thread t : streams) {
          try {
            t.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
          }
        }
        return 0;
      }
      for (Node n : state.members()) {
        for (String line : docker.logs(cluster, n.service(), tail).split("\n")) {
          if (!line.isEmpty()) {
            print(n.service(), line);
          }
        }
      }
    }
    return 0;
  }

  private static void print(String service, String line) {
    synchronized (System.out) {
      System.out.println(service + " | " + line);
    }
  }
}
