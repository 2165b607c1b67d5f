package io.zkorch.cli;

import io.zkorch.runtime.Provider;
import io.zkorch.runtime.local.LocalProvider;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --runtime docker|local|auto}: where clusters run. */
final class RuntimeOption {

  /** The choices. */
  enum Kind { auto, docker, local }

  @Option(names = "--runtime", paramLabel = "RUNTIME", defaultValue = "auto",
      description = "docker, local (processes on this host, no Docker) or auto (default: Docker when an engine"
          + " answers, else local; an existing local cluster stays local).")
  Kind kind = Kind.auto;

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
      default -> {
        LocalProvider local = LocalProvider.open();
        if (cluster != null && local.has(cluster)) {
          System.err.println("Runtime: local (" + cluster + " is a local cluster under " + local.home() + ")");
          return local;
        }
        if (DockerClients.available()) {
          var docker = DockerClients.runtime();
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
      all.add(DockerClients.runtime());
    }
    return all;
  }
}
