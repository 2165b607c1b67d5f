package io.zkorch.cli;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Write a starter cluster file (3 members and one app service), every field commented.")
final class InitCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "cluster.yaml",
      description = "Where to write it (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(names = "--force", description = "Overwrite an existing file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(file) && !force) {
      throw ZkorchException.usage(file + " already exists; keep it, choose another path, or pass --force to"
          + " overwrite it.");
    }
    try (InputStream in = InitCommand.class.getResourceAsStream("/io/zkorch/cluster.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the starter cluster file is missing from zkorch's jar");
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      // editors (the YAML language server: VS Code, IntelliJ, Neovim) complete and check the file against the schema
      Path schema = (parent == null ? Path.of(".") : parent).resolve(".zkorch").resolve("cluster.schema.json");
      Files.createDirectories(schema.getParent());
      Files.writeString(schema, SchemaCommand.cluster());
      text = text.replaceFirst("(?m)^# yaml-language-server: .*\\R", "");
      Files.writeString(file, "# yaml-language-server: $schema=.zkorch/cluster.schema.json\n" + text);
    }
    System.out.println("Wrote " + file + " (and .zkorch/cluster.schema.json beside it, for editors). Next: zkorch"
        + " validate -f " + file + " && zkorch up -f " + file + " --wait 60s");
    return 0;
  }
}
