package io.zkorch.cli;

import io.zkorch.compose.ComposeRenderer;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compose", mixinStandardHelpOptions = true,
    description = "Render the cluster as a Compose file (the Compose Specification: `docker compose up -d` boots the"
        + " ensemble, --profile apps adds the apps, which get ZK_HOSTS), or with --stack as a swarm stack file for"
        + " `docker stack deploy`.")
final class ComposeCommand implements Callable<Integer> {

  @Mixin SpecFile specFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
  Path output;

  @Option(names = "--stack", description = "A stack file for `docker stack deploy` on a swarm (dnsrr members, host-mode"
      + " ports, an overlay network, no depends_on).")
  boolean stack;

  @Option(names = "--compose-v1", description = "For Debian 12's docker-compose 1.29, which rejects the top-level"
      + " name: leave it out (name the project with -p NAME).")
  boolean legacy;

  @Override
  public Integer call() throws IOException {
    ClusterSpec spec = specFile.load();
    String yaml = stack ? ComposeRenderer.renderStack(Topology.of(spec), specFile.file().toString())
        : ComposeRenderer.render(Topology.of(spec), specFile.file().toString(), legacy);
    if (output == null) {
      System.out.print(yaml);
    } else {
      Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      System.err.println("Wrote " + output + (stack ? " (deploy it: docker stack deploy -c " + output + " " + spec.name()
          + ")" : " (boot it: docker compose -f " + output + (legacy ? " -p " + spec.name() : "") + " up -d)"));
    }
    return 0;
  }
}
