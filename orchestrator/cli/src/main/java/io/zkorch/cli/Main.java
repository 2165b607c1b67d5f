package io.zkorch.cli;

import io.zkorch.ZkorchException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** zkorch's entry point. {@link #commandLine()} builds the command line the same way for main and tests. */
public final class Main {

  private Main() {}

  /** Commands that never talk to the Docker engine. */
  private static final java.util.Set<String> OFFLINE =
      java.util.Set.of("init", "validate", "compose", "probe", "generate-completion", "-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    if (!Marks.unicode()) {
      // ✓ and ✗ would both print as '?' on a terminal that is not UTF-8: print ASCII marks there instead
      System.setOut(Marks.asciiStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)));
      System.setErr(Marks.asciiStream(new java.io.FileOutputStream(java.io.FileDescriptor.err)));
    }
    // a command on the local runtime never talks to Docker
    boolean local = java.util.Arrays.asList(args).contains("local");
    if (args.length > 0 && !OFFLINE.contains(args[0]) && !args[0].startsWith("-") && !local) {
      DockerClients.connectEarly();
    }
    System.exit(commandLine().execute(args));
  }

  /** The fully configured command line: subcommands, exit codes, and one-sentence errors. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ZkorchCommand());
    cli.setExecutionExceptionHandler(Main::handleExecutionException);
    cli.setParameterExceptionHandler(Main::handleParameterException);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    // picocli's own bash/zsh generator stays for scripts that call it; `completion` is the command to use
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  private static int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean stacktrace = parseResult.hasMatchedOption("--stacktrace")
        || (cmd.getCommandSpec().root().userObject() instanceof ZkorchCommand z && z.stacktrace);
    if (e instanceof ZkorchException z) {
      err.println("error: " + z.getMessage());
      if (stacktrace) {
        e.printStackTrace(err);
      }
      err.flush();
      return z.exitCode();
    }
    err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
        + (stacktrace ? "" : " (run with --stacktrace for details)"));
    if (stacktrace) {
      e.printStackTrace(err);
    }
    err.flush();
    return ZkorchException.EXIT_FAILURE;
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    // a mistyped command or option: the nearest known ones (`zkorch stauts` → "Did you mean: zkorch status?")
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
    }
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ZkorchException.EXIT_USAGE;
  }
}
