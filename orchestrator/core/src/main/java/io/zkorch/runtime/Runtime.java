package io.zkorch.runtime;

import io.zkorch.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a cluster's members and apps run. Each method is one step of bring-up or inspection; the engine
 * ({@link io.zkorch.cluster.ClusterManager}) strings them together and tears down on failure.
 */
public interface Runtime extends AutoCloseable {

  /** A short name for messages: docker, local. */
  String name();

  /**
   * What members and apps run from, readied before anything is created.
   *
   * @param member the member image (Docker) or ZooKeeper distribution (local)
   * @param app zkorch's app image, or null when no app uses it
   */
  record Prepared(String member, String app) {}

  /** Builds or finds what the cluster runs from (Docker: images; local: ZooKeeper's jars); fails before creating. */
  Prepared prepare(Topology topology, io.zkorch.progress.Progress progress);

  /** What scenario workers run from (Docker: zkorch's app image; local: zkorch's jar). */
  String prepareWorkers(Topology topology, io.zkorch.progress.Progress progress);

  /** Whether {@link #disconnect} works here; where not, it throws a usage error naming the runtime that can. */
  default boolean canPartition() {
    return true;
  }

  /** The address on which members' published client ports are reached from this process. */
  default String publishedHost() {
    return "127.0.0.1";
  }

  /** Every cluster that has anything left on this runtime. */
  List<ClusterState> list();

  /** One cluster, if anything of it exists. */
  Optional<ClusterState> find(String cluster);

  /** What {@link #createNetwork} makes, for the progress line: "network zkorch-dev". */
  default String networkName(Topology topology) {
    return "network " + topology.network();
  }

  /** Creates the cluster's network. */
  void createNetwork(Topology topology);

  /** Creates the members' data volumes (none with tmpfs storage); existing ones are reused. */
  void createVolumes(Topology topology);

  /** Creates (does not start) every member from {@code image}. */
  void createMembers(Topology topology, String image);

  /** Starts every member, in parallel. */
  void startMembers(Topology topology);

  /** Creates and starts every app container; {@code zkorchImage} replaces apps that use zkorch's own image. */
  void startApps(Topology topology, String zkorchImage);

  /**
   * Runs scenario workers from {@code image} on the cluster's network with ZK_HOSTS, all at once; waits until all
   * have exited (killing any left at {@code timeout}), collects their standard output and removes them.
   */
  java.util.Map<String, WorkerResult> runWorkers(Topology topology, String image, String scenario,
      List<WorkerRun> workers, java.time.Duration timeout);

  /** Removes everything of the cluster (volumes only when asked); returns what was removed, for the user. */
  List<String> remove(String cluster, boolean volumes);

  /** The last {@code tail} log lines of one container (all when tail is 0). */
  String logs(String cluster, String service, int tail);

  /** Writes every container's logs and description to {@code dir}; returns the files written. */
  List<Path> exportLogs(String cluster, Path dir);

  // ------------------------------------------------------------------------------------------------ faults
  // Each takes the cluster and a node's target name (zk2, lock-w3, probe-1) and acts on that one container/process.

  /** Kills it at once (SIGKILL); it stays, stopped, until {@link #start} or a heal. */
  void kill(String cluster, String target);

  /** Starts a stopped (killed) node again, with its data. */
  void start(String cluster, String target);

  /** Freezes every process of it (SIGSTOP semantics): it neither answers nor notices time passing. */
  void pause(String cluster, String target);

  void unpause(String cluster, String target);

  /** Cuts it off from the cluster's network: it can reach no member and no member can reach it. */
  void disconnect(String cluster, String target);

  /** Reconnects it under its old name. */
  void connect(String cluster, String target);

  /**
   * A four-letter word asked of a member from inside its own network namespace: its own view even when the host
   * cannot reach it (partitioned).
   */
  String fourLetterWordInside(String cluster, String target, String word);

  @Override
  void close();
}
