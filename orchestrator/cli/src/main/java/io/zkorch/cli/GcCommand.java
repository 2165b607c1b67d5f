package io.zkorch.cli;

import io.zkorch.runtime.docker.DockerProvider;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
    description = "Remove ensembles that test code (ZooKeeperEnsemble, @ZooKeeperTest) started from a JVM that is gone"
        + " — killed, or exited without stopping them. Clusters made by `zkorch up` are never touched.")
final class GcCommand implements Callable<Integer> {

  @Option(names = "--dry-run", description = "Only list what would be removed.")
  boolean dryRun;

  @Override
  public Integer call() {
    try (DockerProvider docker = DockerClients.runtime()) {
      List<String> orphans = docker.orphans();
      if (orphans.isEmpty()) {
        System.out.println("No orphaned ensembles.");
        return 0;
      }
      for (String cluster : orphans) {
        if (dryRun) {
          System.out.println("Would remove " + cluster + " (its JVM is gone).");
        } else {
          List<String> removed = docker.remove(cluster, true);
          System.out.println("Removed " + cluster + " (its JVM is gone): " + String.join(", ", removed) + ".");
        }
      }
    }
    return 0;
  }
}
