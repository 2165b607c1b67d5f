package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.data.DataSync;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.DataSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Configuration as code: a running ensemble's znodes as YAML, and YAML applied to one, diff first. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Export a running ensemble's znodes as YAML (the format of cluster.yaml's data:), or apply such a"
        + " file, showing the diff first.",
    subcommands = {DataCommand.Export.class, DataCommand.Apply.class})
final class DataCommand {

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write the znodes under PATH (default: everything but /zookeeper) as YAML to standard output:"
          + " text as strings, binary as base64. Ephemeral znodes belong to their sessions and are left out.",
          "zkorch data export dev /app > tree.yaml"})
  static final class Export implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "[NAME] [PATH]",
        description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one) and"
            + " the subtree, such as /app.")
    List<String> args = new ArrayList<>();

    @Mixin ClusterRef ref;
    @Mixin RuntimeOption runtime;

    @Override
    public Integer call() {
      String name = args.stream().filter(a -> !a.startsWith("/")).findFirst().orElse(null);
      String path = args.stream().filter(a -> a.startsWith("/")).findFirst().orElse("/");
      long paths = args.stream().filter(a -> a.startsWith("/")).count();
      if (paths > 1 || args.size() - paths > 1) {
        throw ZkorchException.usage("data export takes NAME and PATH (a path starts with /), not " + args + ".");
      }
      if (!path.equals("/")) {
        String why = SpecLoader.znodePathProblemOf(path);
        if (why != null) {
          throw ZkorchException.usage("PATH " + path + " " + why + ".");
        }
      }
      String cluster = ref.resolve(name, runtime::all);
      try (Provider rt = runtime.open(cluster)) {
        List<String> skipped = new ArrayList<>();
        DataSpec tree = DataSync.withClient(ClusterRef.connect(rt, cluster),
            io.zkorch.security.ClusterSecrets.accessOf(cluster), c -> DataSync.export(c, path, skipped));
        System.out.print("# zkorch data export: the data: of a cluster file; apply it with"
            + " `zkorch data apply NAME FILE`\n");
        System.out.print(DataSync.toYaml(tree));
        System.err.println("Exported " + tree.znodes().size() + " znodes from " + cluster + (path.equals("/") ? ""
            : " under " + path) + (skipped.isEmpty() ? "." : "; left out " + skipped.size() + " ephemeral ("
            + String.join(", ", skipped.subList(0, Math.min(5, skipped.size()))) + (skipped.size() > 5 ? ", …" : "")
            + ")."));
        return 0;
      }
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = {"Make the ensemble hold a data file's znodes: print the diff (+ create, ~ update, - delete),"
          + " then apply it. Znodes the file does not name are left, unless --prune.",
          "zkorch data apply dev tree.yaml --dry-run"})
  static final class Apply implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "[NAME] FILE",
        description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one) and a"
            + " YAML file with a data: mapping (what `data export` writes, or a cluster file).")
    List<String> args;

    @Option(names = "--dry-run", description = "Only print the diff; change nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Also delete persistent znodes under the file's top-level paths (such"
        + " as /app) that the file does not name.")
    boolean prune;

    @Mixin ClusterRef ref;
    @Mixin RuntimeOption runtime;

    @Override
    public Integer call() {
      Path file = Path.of(args.get(args.size() - 1));
      DataSpec tree = SpecLoader.readData(file); // a bad file fails before anything connects
      String cluster = ref.resolve(args.size() == 2 ? args.get(0) : null, runtime::all);
      try (Provider rt = runtime.open(cluster)) {
        return DataSync.withClient(ClusterRef.connect(rt, cluster),
            io.zkorch.security.ClusterSecrets.accessOf(cluster), client -> {
          DataSync.Plan plan = DataSync.plan(client, tree, prune);
          System.out.print(plan.diff());
          if (dryRun) {
            System.out.println("Dry run: " + plan.summary() + "; nothing was changed.");
            return 0;
          }
          DataSync.apply(client, plan);
          System.out.println("Applied to " + cluster + ": " + plan.summary() + ".");
          return 0;
        });
      }
    }
  }
}
