package io.zkorch.cli;

import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f/--file} and {@code --name} options and loading the cluster file they name. */
final class SpecFile {

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "cluster.yaml",
      description = "The cluster file (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "Use this cluster name instead of the file's.")
  String name;

  /** The validated spec; exit 2 with every problem listed when it is invalid. */
  ClusterSpec load() {
    return name == null ? SpecLoader.load(file) : SpecLoader.load(file, name);
  }
}
