package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.docker.DockerRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Members (id, mode, zxid, host port, health), apps and the quorum verdict. Exit 1 when not healthy.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "The cluster; may be left out when exactly one exists.")
  String name;

  @Override
  public Integer call() {
    try (DockerRuntime docker = Context.docker()) {
      ClusterManager manager = new ClusterManager(docker, () -> null, Progress.silent());
      String cluster = name != null ? name : onlyCluster(manager.list());
      ClusterStatus status = manager.status(cluster, true);
      System.out.println("Cluster " + cluster + " (" + status.state().summary() + ")");
      System.out.print(StatusView.render(status));
      return status.healthy() ? 0 : ZkorchException.EXIT_FAILURE;
    }
  }

  static String onlyCluster(List<ClusterState> clusters) {
    if (clusters.size() == 1) {
      return clusters.get(0).name();
    }
    if (clusters.isEmpty()) {
      throw ZkorchException.usage("There are no zkorch clusters on this Docker engine; boot one with `zkorch up`.");
    }
    throw ZkorchException.usage("There are " + clusters.size() + " clusters ("
        + String.join(", ", clusters.stream().map(ClusterState::name).toList()) + "); name one.");
  }
}
