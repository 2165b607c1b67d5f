package io.zkorch.image;

import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.spec.ZooKeeperVersions;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The server jars of a ZooKeeper version: the shipped version's are found by {@link ServerJars} (the CLI's jar, the
 * classpath, the local Maven repository, Central); any other 3.8.x/3.9.x version is resolved from Maven Central with
 * Maven Resolver (an optional dependency: the CLI has it) into the user's ~/.m2 repository.
 */
public final class ZooKeeperDistribution {

  /** Central, as Maven itself names it; overridable for mirrors with ZKORCH_MAVEN_REPOSITORY. */
  static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

  /** What a server needs beyond zookeeper's own runtime dependencies (they are "provided" in its POM). */
  static final List<String> SERVER_EXTRAS =
      List.of(
          "io.dropwizard.metrics:metrics-core:4.1.12.1",
          "org.xerial.snappy:snappy-java:1.1.10.5",
          "commons-cli:commons-cli:1.5.0");

  private ZooKeeperDistribution() {}

  /** File name → source of every jar the server of {@code version} needs, sorted by name. */
  public static SortedMap<String, BuildContext.Source> jars(String version, Progress progress) {
    if (ServerJars.known(version)) {
      return ServerJars.of(version);
    }
    try {
      return resolve(version, progress);
    } catch (NoClassDefFoundError noResolver) {
      throw ZkorchException.usage("ZooKeeper " + version + " is not the version zkorch ships ("
          + ZooKeeperVersions.SHIPPED + "), and fetching another needs Maven Resolver, which is not on the classpath;"
          + " add org.apache.maven.resolver:maven-resolver-supplier to your test dependencies, use the zkorch CLI,"
          + " or choose an image that has it (withImage/zookeeper.image).");
    }
  }

  private static SortedMap<String, BuildContext.Source> resolve(String version, Progress progress) {
    Progress.Step step = progress.start("Fetching ZooKeeper " + version + " from Maven Central");
    RepositorySystem system = new RepositorySystemSupplier().get();
    try {
      DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
      // POM profiles activate on java.version and os.*: without these the model builder rejects ZooKeeper's POM and
      // resolution silently drops every transitive dependency
      session.setSystemProperties(System.getProperties());
      Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
      session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
      String url = System.getenv().getOrDefault("ZKORCH_MAVEN_REPOSITORY", CENTRAL);
      RemoteRepository central = new RemoteRepository.Builder("central", "default", url).build();
      CollectRequest collect = new CollectRequest();
      collect.setRoot(
          new Dependency(
              new DefaultArtifact("org.apache.zookeeper:zookeeper:" + version),
              JavaScopes.RUNTIME,
              false,
              List.of(new Exclusion("io.netty", "netty-tcnative-boringssl-static", "*", "*"))));
      for (String extra : SERVER_EXTRAS) {
        collect.addDependency(new Dependency(new DefaultArtifact(extra), JavaScopes.RUNTIME));
      }
      collect.setRepositories(List.of(central));
      DependencyRequest request =
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
      List<ArtifactResult> results = system.resolveDependencies(session, request).getArtifactResults();
      SortedMap<String, BuildContext.Source> jars = new TreeMap<>();
      for (ArtifactResult r : results) {
        Path file = r.getArtifact().getFile().toPath();
        jars.put(file.getFileName().toString(), BuildContext.Source.of(file));
      }
      if (jars.keySet().stream().noneMatch(n -> n.startsWith("zookeeper-jute"))) {
        throw new DependencyResolutionException(null, "ZooKeeper's POM could not be read, so its dependencies are"
            + " unknown (only " + jars.keySet() + " resolved)", null);
      }
      step.ok(jars.size() + " jars");
      return jars;
    } catch (DependencyResolutionException e) {
      step.fail(e.getMessage());
      throw ZkorchException.environment(
          "ZooKeeper "
              + version
              + " could not be fetched from Maven Central ("
              + rootMessage(e)
              + "); check zookeeper.version and the network, or use the shipped version "
              + ZooKeeperVersions.SHIPPED
              + ", which builds offline.",
          e);
    } finally {
      system.shutdown();
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
