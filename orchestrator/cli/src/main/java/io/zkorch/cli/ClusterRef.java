package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a command names a cluster that exists, the same on every command: the NAME argument where the command has
 * one; else {@code --name}; else the name in {@code -f FILE} (either may come before the command too, {@code zkorch -f
 * FILE down}); else {@code ZKORCH_CLUSTER}; else the name in {@code ZKORCH_FILE}; else the name in ./cluster.yaml;
 * else, for commands that only look, the one cluster there is.
 */
final class ClusterRef {

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Name the cluster by its cluster file (default: $ZKORCH_FILE, else ./cluster.yaml).")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "The cluster (default: $ZKORCH_CLUSTER).")
  String name;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  /** Whether the command line itself names the cluster (so a lone argument is the command's other one). */
  boolean given() {
    return given(file, name, mixee);
  }

  /** The same, for a command with its own --file and --name (logs, where -f is --follow). */
  static boolean given(Path file, String name, CommandSpec command) {
    ZkorchCommand root = root(command);
    return file != null || name != null || (root != null && (root.file != null || root.name != null));
  }

  /** What {@code [NAME] [MEMBER]} arguments (logs, shell) say. */
  record NameAndMember(String name, String member) {}

  /**
   * {@code [NAME] [MEMBER]}: two arguments are both; a lone one is the MEMBER when the command line names the
   * cluster otherwise or it looks like one (zk2), else the NAME.
   */
  static NameAndMember nameAndMember(List<String> args, boolean named) {
    boolean member = args.size() == 1 && (named || looksLikeMember(args.get(0)));
    return new NameAndMember(args.size() == 2 || (args.size() == 1 && !member) ? args.get(0) : null,
        args.size() == 2 ? args.get(1) : member ? args.get(0) : null);
  }

  /** What exists of {@code cluster} on {@code runtime}; a usage error naming `zkorch ls` when nothing does. */
  static io.zkorch.runtime.ClusterState existing(Provider runtime, String cluster) {
    return runtime.find(cluster).orElseThrow(() -> ZkorchException.usage(
        "There is no cluster named " + cluster + "; `zkorch ls` lists the clusters."));
  }

  /** The host connect string of a running cluster; a failure naming `zkorch status` when no member runs. */
  static String connect(Provider runtime, String cluster) {
    String connect = io.zkorch.cluster.ClusterManager.connectString(existing(runtime, cluster));
    if (connect.isEmpty()) {
      throw ZkorchException.failure("No member of " + cluster + " runs; `zkorch status " + cluster + "` says why.");
    }
    return connect;
  }

  /** The cluster: {@code positional} when given, else as the class comment says; {@code all} null: no "only one". */
  String resolve(String positional, Supplier<List<Provider>> all) {
    return resolve(positional, name, file, mixee, all);
  }

  static String resolve(String positional, String name, Path file, CommandSpec command, Supplier<List<Provider>> all) {
    if (positional != null) {
      return positional;
    }
    String n = name(name, command);
    if (n != null) {
      return n;
    }
    ZkorchCommand root = root(command);
    Path f = file != null ? file : root == null ? null : root.file;
    if (f == null) {
      f = Env.get("ZKORCH_FILE").map(Path::of).orElse(null);
    }
    if (f != null) {
      return SpecLoader.load(f).name();
    }
    Path here = Path.of("cluster.yaml");
    if (Files.isRegularFile(here)) {
      return SpecLoader.load(here).name();
    }
    if (all == null) {
      throw ZkorchException.usage("Name the cluster: zkorch " + command.name() + " NAME, --name NAME, -f FILE or"
          + " ZKORCH_CLUSTER (there is no cluster.yaml here).");
    }
    return StatusCommand.onlyCluster(all.get());
  }

  /** Whether a lone argument is a member (zk1, zk2, ...) rather than a cluster's name. */
  static boolean looksLikeMember(String arg) {
    return arg.matches("zk\\d+");
  }

  /** --name given on the command, else before it, else ZKORCH_CLUSTER; null when none. */
  static String name(String name, CommandSpec command) {
    if (name != null) {
      return name;
    }
    ZkorchCommand root = root(command);
    if (root != null && root.name != null) {
      return root.name;
    }
    return Env.get("ZKORCH_CLUSTER").orElse(null);
  }

  /** -f given on the command, else before it, else ZKORCH_FILE, else cluster.yaml. */
  static Path file(Path file, CommandSpec command) {
    if (file != null) {
      return file;
    }
    ZkorchCommand root = root(command);
    if (root != null && root.file != null) {
      return root.file;
    }
    return Env.get("ZKORCH_FILE").map(Path::of).orElse(Path.of("cluster.yaml"));
  }

  private static ZkorchCommand root(CommandSpec command) {
    return command == null || !(command.root().userObject() instanceof ZkorchCommand z) ? null : z;
  }
}
