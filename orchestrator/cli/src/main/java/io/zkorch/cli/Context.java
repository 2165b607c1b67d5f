package io.zkorch.cli;

import io.zkorch.progress.Progress;
import io.zkorch.runtime.docker.DockerProvider;
import picocli.CommandLine;

/** What every command needs from the top-level options: how to show progress, and the runtime. */
final class Context {

  private Context() {}

  static ZkorchCommand root(CommandLine.Model.CommandSpec spec) {
    return (ZkorchCommand) spec.root().userObject();
  }

  static Progress progress(CommandLine.Model.CommandSpec spec) {
    ZkorchCommand root = root(spec);
    return new TerminalProgress(System.err, TerminalProgress.terminal(root.progress), root.verbose);
  }

  static DockerProvider docker() {
    return DockerClients.runtime();
  }
}
