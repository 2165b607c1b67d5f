package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Provider;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Members (id, mode, zxid, host port, health), apps and the quorum verdict. Exit 1 when not healthy.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one).")
  String name;

  @picocli.CommandLine.Mixin ClusterRef ref;
  @picocli.CommandLine.Mixin RuntimeOption runtime;
  @picocli.CommandLine.Mixin OutputOption output;

  @Override
  public Integer call() {
    String cluster = ref.resolve(name, runtime::all);
    try (Provider docker = runtime.open(cluster)) {
      ClusterManager manager = new ClusterManager(docker, Progress.silent());
      ClusterStatus status = manager.status(cluster, true);
      if (output.text()) {
        System.out.println("Cluster " + cluster + " (" + status.state().summary() + ")");
        System.out.print(StatusView.render(status));
      } else {
        output.print(Documents.status(docker.name(), status));
      }
      return status.healthy() ? 0 : ZkorchException.EXIT_FAILURE;
    }
  }

  /** The one cluster there is, in any of the runtimes (closing them). */
  static String onlyCluster(List<Provider> runtimes) {
    List<ClusterState> all = new java.util.ArrayList<>();
    for (Provider r : runtimes) {
      try (r) {
        all.addAll(r.list());
      }
    }
    return onlyClusterOf(all);
  }

  static String onlyClusterOf(List<ClusterState> clusters) {
    if (clusters.size() == 1) {
      return clusters.get(0).name();
    }
    if (clusters.isEmpty()) {
      throw ZkorchException.usage("There are no zkorch clusters; boot one with `zkorch up` (or try `zkorch demo`).");
    }
    throw ZkorchException.usage("There are " + clusters.size() + " clusters ("
        + String.join(", ", clusters.stream().map(ClusterState::name).toList()) + "); name one.");
  }
}
