package io.zkorch.cli;

import io.zkorch.runtime.Provider;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Remove every container and the network of a cluster (found by label), or every process and the state"
        + " folder of a local one; idempotent.")
final class DownCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..*", paramLabel = "NAME",
      description = "The cluster(s) (or --name, -f FILE, $ZKORCH_CLUSTER, $ZKORCH_FILE, ./cluster.yaml).")
  List<String> clusters;

  @picocli.CommandLine.Mixin ClusterRef ref;

  @Option(names = "--volumes", description = "Docker: also remove the members' data volumes (their data is lost).")
  boolean volumes;

  @Option(names = "--keep-data",
      description = "Local: keep the members' data folders (removed by default; Docker keeps volumes unless"
          + " --volumes).")
  boolean keepData;

  @Option(names = "--keep-secrets", description = "Keep the cluster's keys and passwords (~/.zkorch/secrets/NAME);"
      + " removed by default.")
  boolean keepSecrets;

  @picocli.CommandLine.Mixin RuntimeOption runtime;

  @Override
  public Integer call() {
    // never "the only cluster there is": removing needs a name
    List<String> named = clusters == null || clusters.isEmpty() ? List.of(ref.resolve(null, null)) : clusters;
    for (String cluster : named) {
      try (Provider docker = runtime.open(cluster)) {
        boolean removeData = docker.name().equals("local") ? !keepData : volumes;
        List<String> removed = new io.zkorch.cluster.ClusterManager(docker, io.zkorch.progress.Progress.silent())
            .down(cluster, removeData, keepSecrets);
        if (removed.isEmpty()) {
          System.out.println("Cluster " + cluster + ": nothing to remove.");
        } else {
          System.out.println("Cluster " + cluster + ": removed " + removed.size() + " resources ("
              + String.join(", ", removed) + ").");
        }
        if (!removeData) {
          docker.find(cluster).ifPresent(left -> System.out.println("  kept " + left.volumes().size()
              + (docker.name().equals("local") ? " data folders; `zkorch down " + cluster + "` removes them."
                  : " volumes; `zkorch down " + cluster + " --volumes` removes them.")));
        }
      }
    }
    return 0;
  }
}
