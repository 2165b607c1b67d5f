package io.zkorch.cli;

import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code -f/--file} and {@code --name} options and loading the cluster file they name. Like compose's {@code -f}
 * and {@code -p}: given on the command or before it ({@code zkorch -f FILE up}), else {@code ZKORCH_FILE} and {@code
 * ZKORCH_CLUSTER}, else ./cluster.yaml and the file's own name.
 */
final class SpecFile {

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "The cluster file (default: $ZKORCH_FILE, else cluster.yaml).")
  Path file;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Use this cluster name instead of the file's (default: $ZKORCH_CLUSTER).")
  String name;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  /** The file this command reads. */
  Path file() {
    return ClusterRef.file(file, mixee);
  }

  /** The validated spec; exit 2 with every problem listed when it is invalid. */
  ClusterSpec load() {
    String n = ClusterRef.name(name, mixee);
    SpecLoader.Checked checked = SpecLoader.check(file(), n); // the file read once for both
    for (io.zkorch.spec.SpecProblem w : checked.warnings()) {
      System.err.println("warning: " + file() + ": " + w);
    }
    return checked.spec();
  }
}
