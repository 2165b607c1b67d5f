package io.zkorch.runtime;

import io.zkorch.progress.Progress;
import io.zkorch.topology.Topology;
import java.util.List;
import java.util.Optional;

/**
 * The provider role that makes and finds clusters: readying what members run from, creating the network, volumes,
 * members and apps, listing what exists (by labels), and removing it. Each method is one step of bring-up; {@link
 * io.zkorch.cluster.ClusterManager} strings them together and tears down on failure.
 */
public interface Provisioning {

  /** A short name for messages: docker, local. */
  String name();

  /** The address on which members' published client ports are reached from this process. */
  default String publishedHost() {
    return "127.0.0.1";
  }

  /**
   * Where clusters run and their ports are, when that is not this machine's loopback (an engine elsewhere): said
   * first by {@code up}, so a user knows where the ports are bound.
   */
  default Optional<String> placement() {
    return Optional.empty();
  }

  /**
   * What members and apps run from, readied before anything is created.
   *
   * @param member the member image (Docker) or ZooKeeper distribution (local)
   * @param app zkorch's app image, or null when no app uses it
   */
  record Prepared(String member, String app) {}

  /** Builds or finds what the cluster runs from (Docker: images; local: ZooKeeper's jars); fails before creating. */
  Prepared prepare(Topology topology, Progress progress);

  /** Every cluster that has anything left on this provider. */
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

  /**
   * Puts each member's secret files ({@link io.zkorch.security.ClusterSecrets#memberFiles}) into its (created, not
   * started) container at {@link Topology#SECRETS_DIR}, readable by the member's user only; a runtime that cannot
   * says so before anything starts. App containers and scenario workers get theirs
   * ({@link io.zkorch.security.ClusterSecrets#clientFiles}) when they are started, from
   * {@link io.zkorch.security.ClusterSecrets#of} the cluster.
   */
  default void installSecrets(Topology topology, io.zkorch.security.ClusterSecrets secrets) {
    throw io.zkorch.ZkorchException.usage("The " + name() + " runtime cannot put a secure ensemble's files into"
        + " members yet; boot zookeeper.security with --runtime docker or local.");
  }

  /** Creates (does not start) every member from {@code image}. */
  void createMembers(Topology topology, String image);

  /** Starts every member, in parallel. */
  void startMembers(Topology topology);

  /** Creates and starts every app container; {@code zkorchImage} replaces apps that use zkorch's own image. */
  void startApps(Topology topology, String zkorchImage);

  /** Removes everything of the cluster (volumes only when asked); returns what was removed, for the user. */
  List<String> remove(String cluster, boolean volumes);
}
