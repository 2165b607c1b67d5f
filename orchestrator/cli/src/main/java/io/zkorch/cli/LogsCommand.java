package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Logs of a member or app, or (with --export) of every container plus its inspect output.")
final class LogsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "The cluster.")
  String cluster;

  @Parameters(index = "1", arity = "0..1", paramLabel = "MEMBER",
      description = "zk1, zk2, ... or an app replica such as probe-1; all members when left out.")
  String member;

  @Option(names = "--tail", paramLabel = "N", defaultValue = "0", description = "Only the last N lines.")
  int tail;

  @Option(names = "--export", paramLabel = "DIR", description = "Write every container's logs and inspect to DIR.")
  Path export;

  @picocli.CommandLine.Mixin RuntimeOption runtime;

  @Override
  public Integer call() {
    try (Provider docker = runtime.open(cluster)) {
      if (export != null) {
        List<Path> files = docker.exportLogs(cluster, export);
        System.out.println("Wrote " + files.size() + " files to " + export);
        return 0;
      }
      if (member != null) {
        System.out.print(docker.logs(cluster, member, tail));
        return 0;
      }
      ClusterState state = docker.find(cluster).orElseThrow(() -> ZkorchException.usage(
          "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."));
      for (Node n : state.members()) {
        for (String line : docker.logs(cluster, n.service(), tail).split("\n")) {
          if (!line.isEmpty()) {
            System.out.println(n.service() + " | " + line);
          }
        }
      }
    }
    return 0;
  }
}
