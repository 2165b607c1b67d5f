package io.zkorch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.ZkorchException;
import io.zkorch.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The everyday surface without Docker: naming a cluster, env, ASCII marks, completion, init's schema line. */
class DailyUseCliTest {

  @TempDir Path dir;

  /** How `down` (and every command that names an existing cluster) resolves it, parsed as a shell would. */
  private static String resolve(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    CommandLine.ParseResult sub = parsed.subcommand();
    DownCommand down = (DownCommand) sub.commandSpec().userObject();
    return Env.with(env, () -> down.ref.resolve(down.clusters == null || down.clusters.isEmpty() ? null
        : down.clusters.get(0), null));
  }

  @Test
  void oneWayToNameAClusterOnEveryCommand() throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: fromfile\n");
    Map<String, String> none = new HashMap<>();
    none.put("ZKORCH_CLUSTER", null);
    none.put("ZKORCH_FILE", null);
    // the tests run in the repository, whose ./cluster.yaml names "dev"
    assertEquals("dev", resolve(none, "down"));
    assertEquals("pos", resolve(none, "down", "pos"));
    assertEquals("fromfile", resolve(none, "down", "-f", file.toString()));
    assertEquals("fromfile", resolve(none, "-f", file.toString(), "down"), "before the command, as compose's -f");
    assertEquals("byname", resolve(none, "down", "--name", "byname", "-f", file.toString()), "--name wins");
    assertEquals("byname", resolve(none, "--name", "byname", "down"));
    assertEquals("pos", resolve(Map.of("ZKORCH_CLUSTER", "env"), "down", "pos"), "an argument wins over the env");
    assertEquals("env", resolve(Map.of("ZKORCH_CLUSTER", "env"), "down"));
    assertEquals("fromfile", resolve(Map.of("ZKORCH_FILE", file.toString()), "down"));
    assertEquals("byname", resolve(Map.of("ZKORCH_FILE", file.toString()), "down", "--name", "byname"));
    // a file named by -f that is not valid is the file's problem, said as validate says it
    Files.writeString(file, "name: [\n");
    assertThrows(io.zkorch.spec.InvalidSpecException.class, () -> resolve(none, "down", "-f", file.toString()));
  }

  /** Commands that load the file take ZKORCH_FILE and ZKORCH_CLUSTER as compose takes COMPOSE_FILE. */
  @Test
  void specFileDefaultsComeFromTheEnvironment() throws Exception {
    Path file = dir.resolve("other.yaml");
    Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: other\n");
    CliRun v = Env.with(Map.of("ZKORCH_FILE", file.toString()), () -> CliRun.run("validate"));
    assertEquals(0, v.exitCode(), v.toString());
    assertTrue(v.out().startsWith(file + " is valid: cluster other"), v.toString());
    CliRun n = Env.with(Map.of("ZKORCH_FILE", file.toString(), "ZKORCH_CLUSTER", "renamed"),
        () -> CliRun.run("validate"));
    assertTrue(n.out().contains("cluster renamed"), n.toString());
    CliRun bad = Env.with(Map.of("ZKORCH_FILE", file.toString(), "ZKORCH_CLUSTER", "Not_Valid"),
        () -> CliRun.run("validate"));
    assertEquals(ZkorchException.EXIT_USAGE, bad.exitCode(), bad.toString());
  }

  @Test
  void envPrintsShellDotenvAndJson() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("ZK_HOSTS", "127.0.0.1:2181,127.0.0.1:2182");
    vars.put("ZKORCH_CLUSTER", "dev");
    assertEquals("export ZK_HOSTS=127.0.0.1:2181,127.0.0.1:2182\nexport ZKORCH_CLUSTER=dev\n",
        EnvCommand.render(vars, EnvCommand.Format.shell));
    assertEquals("ZK_HOSTS=127.0.0.1:2181,127.0.0.1:2182\nZKORCH_CLUSTER=dev\n",
        EnvCommand.render(vars, EnvCommand.Format.dotenv));
    assertTrue(EnvCommand.render(vars, EnvCommand.Format.json).contains("\"ZK_HOSTS\" : \"127.0.0.1:2181"));
    assertEquals("'a b'\\''c'", EnvCommand.shellQuote("a b'c"));
  }

  @Test
  void marksAreAsciiWhenTheLocaleIsNotUtf8() {
    assertFalse(Env.with(Map.of("LC_ALL", "C"), Marks::unicode));
    assertFalse(Env.with(Map.of("LANG", "POSIX"), Marks::unicode));
    assertTrue(Env.with(Map.of("LC_ALL", "en_US.UTF-8"), Marks::unicode));
    assertTrue(Env.with(Map.of("LC_CTYPE", "C.utf8"), Marks::unicode));
    assertFalse(Env.with(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"), Marks::unicode), "LC_ALL wins");
    assertEquals("ok  zk1 - leader -> 3 ... FAIL x", Marks.ascii("✓  zk1 — leader → 3 … ✗ ×"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = Marks.asciiStream(bytes);
    out.println("✓ passed");
    out.printf("%s failed%n", "✗");
    out.print('→');
    out.flush();
    String printed = bytes.toString(StandardCharsets.US_ASCII);
    assertEquals("ok passed\nFAIL failed\n->", printed.replace(System.lineSeparator(), "\n"));
    assertTrue(printed.chars().allMatch(c -> c < 128), printed);
  }

  /** fish gets a script from the same model as bash and zsh; fish itself parses it where it is installed. */
  @Test
  void completionForBashZshAndFish() throws Exception {
    CliRun bash = CliRun.run("completion", "bash");
    assertEquals(0, bash.exitCode(), bash.toString());
    assertTrue(bash.out().contains("complete -F"), bash.out().substring(0, 200));
    CliRun fish = CliRun.run("completion", "fish");
    assertEquals(0, fish.exitCode(), fish.toString());
    List<String> lines = fish.out().lines().toList();
    assertTrue(lines.contains("complete -c zkorch -n '__fish_use_subcommand' -a 'status' -d 'Members (id, mode,"
        + " zxid, host port, health), apps and the quorum verdict.'"), fish.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains("__fish_seen_subcommand_from fault; and"
        + " __fish_seen_subcommand_from kill") && l.contains("-l output") && l.contains("'text json yaml'")),
        "enum values offered for nested commands");
    assertTrue(lines.stream().anyMatch(l -> l.contains("__fish_seen_subcommand_from data") && l.contains("-a 'export'")));
    Path script = dir.resolve("zkorch.fish");
    Files.writeString(script, fish.out());
    if (Files.isExecutable(Path.of("/usr/bin/fish"))) {
      Process p = new ProcessBuilder("/usr/bin/fish", "--no-execute", script.toString()).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "fish does not parse the script:\n" + out);
    }
  }

  @Test
  void initPointsEditorsAtTheSchema() throws Exception {
    Path file = dir.resolve("sub/cluster.yaml");
    CliRun r = CliRun.run("init", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    String text = Files.readString(file);
    assertTrue(text.startsWith("# yaml-language-server: $schema=.zkorch/cluster.schema.json\n"), text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("# yaml-language-server")).count());
    Path schema = dir.resolve("sub/.zkorch/cluster.schema.json");
    assertEquals(TestFiles.read(Path.of("templates/cluster.schema.json")), Files.readString(schema));
    assertEquals(java.util.Set.of(), io.zkorch.JsonSchemas.of(schema).problems(text));
    assertEquals("dev", SpecLoader.load(file).name());
    CliRun printed = CliRun.run("schema", "cluster");
    assertEquals(Files.readString(schema), printed.out());
  }

  /** A security block is validated and summed up, and refused (exit 2, one sentence) where it cannot be carried. */
  @Test
  void aSecureFileValidatesButIsNotRenderedAsCompose() {
    String file = TestFiles.path("specs/valid/secure.yaml").toString();
    CliRun v = CliRun.run("validate", "-f", file);
    assertEquals(0, v.exitCode(), v.toString());
    assertTrue(v.out().contains("security: TLS (client, quorum), SASL digest + quorum (2 users), 2 ACLs"), v.out());
    CliRun compose = CliRun.run("compose", "-f", file);
    assertEquals(ZkorchException.EXIT_USAGE, compose.exitCode(), compose.toString());
    assertTrue(compose.err().contains("zookeeper.security: a compose file cannot carry a secure ensemble's keys and"
        + " logins yet; boot it with `zkorch up`"), compose.toString());
    assertFalse(compose.err().contains("\tat "), compose.toString());
  }
}
