package io.zkorch.cli;

import io.zkorch.runtime.Provider;
import io.zkorch.runtime.local.LocalProvider;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --runtime docker|local|auto}: where clusters run. */
final class RuntimeOption {

  /** The choices. */
  enum Kind { auto, docker, swarm, local }

  @Option(names = "--runtime", paramLabel = "RUNTIME", defaultValue = "auto",
      description = "docker, swarm (services on the Docker swarm whose manager DOCKER_HOST names), local (processes"
          + " on this host, no Docker) or auto (default: Docker when an engine answers, else local; an existing"
          + " local or swarm cluster stays where it is).")
  Kind kind = Kind.auto;

  @Option(names = "--node", paramLabel = "URL",
      description = "With --runtime swarm: the Docker API address of another swarm node (tcp://HOST:2375), repeated"
          + " per node; zkorch loads images there, places members there and injects faults there. Default:"
          + " ZKORCH_SWARM_NODES (comma-separated); without any, only the manager's node is used.")
  List<String> nodes = new ArrayList<>();

  /**
   * The runtime for {@code cluster} (null: a new one). With auto, says which on standard error, as the first line.
   */
  Provider open(String cluster) {
    switch (kind) {
      case docker -> {
        return DockerClients.runtime();
      }
      case local -> {
        return LocalProvider.open();
      }
      case swarm -> {
        return DockerClients.swarm(nodes);
      }
      default -> {
        LocalProvider local = LocalProvider.open();
        if (cluster != null && local.has(cluster)) {
          System.err.println("Runtime: local (" + cluster + " is a local cluster under " + local.home() + ")");
          return local;
        }
        if (DockerClients.available()) {
          var docker = DockerClients.runtime();
          // both questions at once: each is a round trip and a parse, and `up` waits for them
          var onSwarm = cluster == null ? java.util.concurrent.CompletableFuture.completedFuture(false)
              : java.util.concurrent.CompletableFuture.supplyAsync(
                  () -> io.zkorch.runtime.swarm.SwarmProvider.hasCluster(docker.client(), cluster));
          if (cluster != null && docker.find(cluster).isEmpty() && onSwarm.join()) {
            docker.close();
            System.err.println("Runtime: swarm (" + cluster + " is a swarm cluster)");
            return DockerClients.swarm(nodes);
          }
          // an engine elsewhere: say at once where the members' ports will be
          System.err.println("Runtime: docker" + docker.placement().map(where -> " (" + where + ")").orElse(""));
          return docker;
        }
        System.err.println("Runtime: local (no Docker engine answered; --runtime docker requires one)");
        return local;
      }
    }
  }

  /** Every runtime to look in (ls): with auto, local and Docker when an engine answers. */
  List<Provider> all() {
    List<Provider> all = new ArrayList<>();
    if (kind != Kind.docker) {
      all.add(LocalProvider.open());
    }
    if (kind == Kind.docker || (kind == Kind.auto && DockerClients.available())) {
      var docker = DockerClients.runtime();
      all.add(docker);
      // with auto, a swarm manager's clusters are listed too
      if (kind == Kind.auto && io.zkorch.runtime.swarm.SwarmProvider.isManager(docker.client())) {
        all.add(DockerClients.swarm(nodes));
      }
    }
    if (kind == Kind.swarm) {
      all.add(DockerClients.swarm(nodes));
    }
    return all;
  }
}
