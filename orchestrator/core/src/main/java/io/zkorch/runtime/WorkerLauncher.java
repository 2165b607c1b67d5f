package io.zkorch.runtime;

import io.zkorch.progress.Progress;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The provider role that runs scenario workers next to a cluster and hands back what they printed. */
public interface WorkerLauncher {

  /** What scenario workers run from (Docker: zkorch's app image; local: zkorch's jar). */
  String prepareWorkers(Topology topology, Progress progress);

  /**
   * Runs scenario workers from {@code image} on the cluster's network with ZK_HOSTS, all at once; waits until all
   * have exited (killing any left at {@code timeout}), collects their standard output and removes them.
   */
  Map<String, WorkerResult> runWorkers(Topology topology, String image, String scenario, List<WorkerRun> workers,
      Duration timeout);
}
