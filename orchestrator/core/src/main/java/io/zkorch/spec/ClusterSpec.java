package io.zkorch.spec;

import java.util.List;
import java.util.Objects;

/**
 * A whole cluster as the user declared it in cluster.yaml.
 *
 * @param apiVersion always {@link #API_VERSION}
 * @param kind always {@link #KIND}
 * @param name the cluster's name; every Docker resource is labelled with it
 * @param zookeeper the ensemble
 * @param images how images are built
 * @param apps the application services that talk to the ensemble
 * @param scenarios the scenarios `zkorch run all` runs
 * @param data the znodes seeded once the quorum is proven, before apps start
 */
public record ClusterSpec(
    String apiVersion, String kind, String name, ZooKeeperSpec zookeeper, ImagesSpec images, List<AppSpec> apps,
    List<ScenarioSpec> scenarios, DataSpec data) {

  public static final String API_VERSION = "zkorch.io/v1alpha1";
  public static final String KIND = "Cluster";

  public ClusterSpec {
    Objects.requireNonNull(zookeeper, "zookeeper");
    Objects.requireNonNull(images, "images");
    apps = apps == null ? List.of() : List.copyOf(apps);
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    data = data == null ? DataSpec.EMPTY : data;
  }

  /** A cluster that seeds no data. */
  public ClusterSpec(String apiVersion, String kind, String name, ZooKeeperSpec zookeeper, ImagesSpec images,
      List<AppSpec> apps, List<ScenarioSpec> scenarios) {
    this(apiVersion, kind, name, zookeeper, images, apps, scenarios, DataSpec.EMPTY);
  }

  /** The same cluster under another name (tests and benchmarks boot one file many times). */
  /** This spec with another ZooKeeper section. */
  public ClusterSpec withZooKeeper(ZooKeeperSpec zk) {
    return new ClusterSpec(apiVersion, kind, name, zk, images, apps, scenarios, data);
  }

  /** This spec with only {@code chosen} as its scenarios. */
  public ClusterSpec withScenarios(List<ScenarioSpec> chosen) {
    return new ClusterSpec(apiVersion, kind, name, zookeeper, images, apps, chosen, data);
  }

  public ClusterSpec withName(String newName) {
    return new ClusterSpec(apiVersion, kind, newName, zookeeper, images, apps, scenarios, data);
  }

  /** The same cluster with another base image. */
  public ClusterSpec withBaseImage(String base) {
    return new ClusterSpec(apiVersion, kind, name, zookeeper, new ImagesSpec(base), apps, scenarios, data);
  }
}
