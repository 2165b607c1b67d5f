package io.zkorch.cli;

import io.zkorch.spec.ZooKeeperVersions;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: options shared by every subcommand. */
@Command(
    name = "zkorch",
    mixinStandardHelpOptions = true,
    versionProvider = ZkorchCommand.Version.class,
    description = "ZooKeeper ensembles in Docker: build images, render compose, boot a proven quorum, tear it down.",
    subcommands = {
      DemoCommand.class,
      InitCommand.class,
      ValidateCommand.class,
      BuildCommand.class,
      ComposeCommand.class,
      RenderCommand.class,
      UpCommand.class,
      StatusCommand.class,
      LsCommand.class,
      GcCommand.class,
      LogsCommand.class,
      DownCommand.class,
      ImageCommand.class,
      ProbeCommand.class,
      RunCommand.class,
      FaultCommand.class,
      WorkerCommand.class,
      EnvCommand.class,
      DataCommand.class,
      ShellCommand.class,
      SchemaCommand.class,
      CompletionCommand.class,
      CheckCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  the cluster or a check failed",
      "  2  bad input or usage (the message names the field and the fix)",
      "  3  environment problem (no Docker engine, a port taken, an image missing)",
      "  4  unknown: a checker's budget ran out before a verdict (zkorch check)"
    })
public final class ZkorchCommand implements Runnable {

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "The cluster file, for any command (as compose's -f; default: $ZKORCH_FILE, else cluster.yaml).")
  java.nio.file.Path file;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The cluster, for any command (as compose's -p; default: $ZKORCH_CLUSTER).")
  String name;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
  boolean stacktrace;

  @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "MODE", defaultValue = "auto",
      description = "auto (a spinner when standard error is a terminal, plain lines otherwise), tty or plain"
          + " (default: ${DEFAULT-VALUE}).")
  TerminalProgress.Mode progress = TerminalProgress.Mode.auto;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Show detail: build output, pulled layers, debootstrap lines.")
  boolean verbose;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version line: zkorch's own and the ZooKeeper version it ships. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"zkorch " + ZooKeeperVersions.ZKORCH + " (ships ZooKeeper " + ZooKeeperVersions.SHIPPED + ")"};
    }
  }
}
