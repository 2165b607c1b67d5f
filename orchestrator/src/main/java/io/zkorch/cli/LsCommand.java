package io.zkorch.cli;

import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.docker.DockerRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
    description = "List the clusters on this Docker engine (found by the io.zkorch.cluster label).")
final class LsCommand implements Callable<Integer> {

  @Option(names = {"-q", "--quiet"}, description = "Print only the names.")
  boolean quiet;

  @Override
  public Integer call() {
    try (DockerRuntime docker = Context.docker()) {
      List<ClusterState> clusters = docker.list();
      if (quiet) {
        clusters.forEach(c -> System.out.println(c.name()));
        return 0;
      }
      if (clusters.isEmpty()) {
        System.out.println("No zkorch clusters on this Docker engine.");
        return 0;
      }
      Table t = new Table("NAME", "STATE", "MEMBERS", "APPS", "VOLUMES");
      for (ClusterState c : clusters) {
        long running = c.members().stream().filter(Node::running).count();
        t.row(c.name(), c.summary(), running + "/" + c.members().size(), c.apps().size(), c.volumes().size());
      }
      System.out.print(t.render());
    }
    return 0;
  }
}
