package io.zkorch.cli;

import io.zkorch.runtime.Runtime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Remove every container and the network of a cluster (found by label), or every process and the state"
        + " folder of a local one; idempotent.")
final class DownCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "1..*", paramLabel = "NAME", description = "The cluster(s).")
  List<String> clusters;

  @Option(names = "--volumes", description = "Also remove the members' data volumes (their data is lost).")
  boolean volumes;

  @picocli.CommandLine.Mixin RuntimeOption runtime;

  @Override
  public Integer call() {
    for (String cluster : clusters) {
      try (Runtime docker = runtime.open(cluster)) {
        List<String> removed = docker.remove(cluster, volumes);
        if (removed.isEmpty()) {
          System.out.println("Cluster " + cluster + ": nothing to remove.");
        } else {
          System.out.println("Cluster " + cluster + ": removed " + removed.size() + " resources ("
              + String.join(", ", removed) + ").");
        }
        if (!volumes) {
          docker.find(cluster).ifPresent(left -> System.out.println("  kept " + left.volumes().size()
              + " volumes; `zkorch down " + cluster + " --volumes` removes them."));
        }
      }
    }
    return 0;
  }
}
