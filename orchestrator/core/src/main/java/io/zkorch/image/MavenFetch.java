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
 * Fetches the server jars of a ZooKeeper version other than the shipped one with Maven Resolver (an optional
 * dependency: the CLI carries it). Kept apart from {@link ZooKeeperDistribution} so that the resolver's classes are
 * loaded only when another version is asked for.
 */
final class MavenFetch {

  private MavenFetch() {}

  static SortedMap<String, BuildContext.Source> resolve(String version, Progress progress) {
    Progress.Step step = progress.start("Fetching ZooKeeper " + version + " from Maven Central");
    RepositorySystem system = new RepositorySystemSupplier().get();
    try {
      DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
      // POM profiles activate on java.version and os.*: without these the model builder rejects ZooKeeper's POM and
      // resolution silently drops every transitive dependency
      session.setSystemProperties(System.getProperties());
      Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
      session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
      String url = System.getenv().getOrDefault("ZKORCH_MAVEN_REPOSITORY", ZooKeeperDistribution.CENTRAL);
      RemoteRepository central = new RemoteRepository.Builder("central", "default", url).build();
      CollectRequest collect = new CollectRequest();
      collect.setRoot(
          new Dependency(
              new DefaultArtifact("org.apache.zookeeper:zookeeper:" + version),
              JavaScopes.RUNTIME,
              false,
              List.of(new Exclusion("io.netty", "netty-tcnative-boringssl-static", "*", "*"))));
      for (String extra : ZooKeeperDistribution.SERVER_EXTRAS) {
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
