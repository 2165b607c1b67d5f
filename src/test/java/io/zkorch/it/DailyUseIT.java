package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.JsonSchemas;
import io.zkorch.cli.CliRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday surface on a real engine: data: seeded before apps and again idempotently on an existing volume,
 * data export → apply on a fresh ensemble → export identical, the shell one-shot, env, -o json against the
 * published schema, logs -f, ASCII marks under LC_ALL=C, and down -f FILE.
 */
@DockerTest
class DailyUseIT {

  private static final String A = "it-daily-a";
  private static final String B = "it-daily-b";

  @TempDir Path dir;

  @AfterEach
  void cleanUp() {
    for (String c : List.of(A, B)) {
      ItSupport.removeQuietly(c);
      ItSupport.assertNothingLeft(c);
    }
  }

  private Path fileA() throws Exception {
    Files.writeString(dir.resolve("app.properties"), "db.url=jdbc:h2:mem:x\nretries=3\n");
    return ItSupport.clusterFile(dir, A, """
        zookeeper:
          members: 1
          storage: volume
          clientPort: {host: 0}
        data:
          /app/config/greeting: hello
          /app/config/app.properties: {file: app.properties}
          /app/flags/binary: {base64: AAEC/w==}
        """);
  }

  @Test
  void seedingExportApplyShellEnvAndJson() throws Exception {
    Path a = fileA();
    CliRun up = CliRun.run("up", "-f", a.toString(), "--runtime", "docker");
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(up.err().contains("Seeding 3 znodes") && up.err().contains("3 created"), up.toString());

    // the shell, one command and out; a failing command is exit 1
    CliRun get = CliRun.run("shell", A, "--runtime", "docker", "--", "get", "/app/config/greeting");
    assertEquals(0, get.exitCode(), get.toString());
    assertEquals("hello", get.out().strip());
    CliRun missing = CliRun.run("shell", A, "--runtime", "docker", "--", "get", "/app/none");
    assertEquals(1, missing.exitCode(), missing.toString());

    // env: what a CI script evals
    CliRun env = CliRun.run("env", "--name", A, "--runtime", "docker");
    assertEquals(0, env.exitCode(), env.toString());
    assertTrue(env.out().matches("export ZK_HOSTS=[\\w.]+:\\d+\nexport ZKORCH_CLUSTER=" + A + "\n"), env.out());
    CliRun internal = CliRun.run("env", A, "--internal", "--format", "dotenv", "--runtime", "docker");
    assertEquals("ZK_HOSTS=zk1:2181\nZKORCH_CLUSTER=" + A + "\n", internal.out());

    // status -o json: the published schema, the same exit code
    CliRun json = CliRun.run("status", "-f", a.toString(), "-o", "json", "--runtime", "docker");
    assertEquals(0, json.exitCode(), json.toString());
    assertEquals(Set.of(), JsonSchemas.of(Path.of("templates/output-v1.schema.json")).problems(json.out()),
        json.out());
    assertTrue(json.out().contains("\"leader\" : \"zk1\"") || json.out().contains("\"mode\" : \"standalone\""),
        json.out());

    // export → apply on a fresh ensemble → export: identical
    CliRun exported = CliRun.run("data", "export", A, "/app", "--runtime", "docker");
    assertEquals(0, exported.exitCode(), exported.toString());
    assertTrue(exported.out().contains("/app/flags/binary:\n    base64: AAEC/w=="), exported.out());
    Path tree = dir.resolve("tree.yaml");
    Files.writeString(tree, exported.out());
    Path b = ItSupport.clusterFile(dir, B, "zookeeper:\n  members: 1\n  storage: tmpfs\n  clientPort: {host: 0}\n");
    CliRun upB = CliRun.run("up", "-f", b.toString(), "--runtime", "docker", "-o", "json");
    assertEquals(0, upB.exitCode(), upB.toString());
    assertEquals(Set.of(), JsonSchemas.of(Path.of("templates/output-v1.schema.json")).problems(upB.out()),
        upB.out());
    assertTrue(upB.out().contains("\"bootSeconds\"") && upB.out().contains("\"boot\""), upB.out());
    assertTrue(upB.err().contains("Remove it: zkorch down " + B), "notes go to standard error: " + upB);
    CliRun dry = CliRun.run("data", "apply", B, tree.toString(), "--dry-run", "--runtime", "docker");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("+ /app/config/greeting = \"hello\"") && dry.out().contains("nothing was changed"),
        dry.toString());
    CliRun stillEmpty = CliRun.run("shell", B, "--runtime", "docker", "--", "ls", "/");
    assertFalse(stillEmpty.out().contains("app"), "a dry run changes nothing: " + stillEmpty);
    CliRun applied = CliRun.run("data", "apply", B, tree.toString(), "--runtime", "docker");
    assertEquals(0, applied.exitCode(), applied.toString());
    assertTrue(applied.out().contains("3 created"), applied.toString());
    CliRun again = CliRun.run("data", "export", B, "/app", "--runtime", "docker");
    assertEquals(exported.out(), again.out(), "the round trip is identical");
    assertEquals(0, CliRun.run("down", "-f", b.toString(), "--runtime", "docker").exitCode());

    // idempotent on up of the existing data volume: says what it changed and what it left
    assertEquals(0, CliRun.run("shell", A, "--runtime", "docker", "--", "set", "/app/config/greeting", "edited")
        .exitCode());
    assertEquals(0, CliRun.run("shell", A, "--runtime", "docker", "--", "create", "/app/config/mine", "x")
        .exitCode());
    CliRun down = CliRun.run("down", "-f", a.toString(), "--runtime", "docker");
    assertEquals(0, down.exitCode(), down.toString());
    assertTrue(down.out().contains("kept 2 volumes"), down.toString());
    CliRun reup = CliRun.run("up", "-f", a.toString(), "--runtime", "docker");
    assertEquals(0, reup.exitCode(), reup.toString());
    assertTrue(reup.err().contains("1 updated, 2 unchanged; 1 other znode left as it is"), reup.toString());
    CliRun after = CliRun.run("shell", A, "--runtime", "docker", "--", "get", "/app/config/greeting");
    assertEquals("hello", after.out().strip(), "the file wins for what it names");
  }

  /** logs -f keeps printing as the member logs; LC_ALL=C gets ASCII marks; both as a user's shell runs them. */
  @Test
  void logsFollowAndAsciiMarksInTheirOwnProcess() throws Exception {
    Path a = ItSupport.clusterFile(dir, A, "zookeeper:\n  members: 3\n  storage: tmpfs\n  clientPort: {host: 0}\n");
    CliRun up = CliRun.run("up", "-f", a.toString(), "--runtime", "docker");
    assertEquals(0, up.exitCode(), up.toString());
    // every member's log, prefixed as compose does
    List<String> cmd = new ArrayList<>(List.of(Cli.javaBin(), "-jar", System.getProperty("zkorch.jar"), "logs", A,
        "-f", "--tail", "1", "--runtime", "docker"));
    Process follow = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException ended) {
        // the process was stopped
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      java.util.Set<String> first = new java.util.TreeSet<>();
      while (first.size() < 3) {
        String line = lines.poll(20, TimeUnit.SECONDS);
        assertTrue(line != null, "each member's last line first; got " + first);
        first.add(line.substring(0, line.indexOf(" | ")));
      }
      assertEquals(java.util.Set.of("zk1", "zk2", "zk3"), first);
      // a killed member: the others log it (a leader losing a follower, or followers electing anew)
      assertEquals(0, CliRun.run("fault", "kill", A, "zk3", "--runtime", "docker").exitCode());
      String line;
      boolean seen = false;
      while (!seen && (line = lines.poll(30, TimeUnit.SECONDS)) != null) {
        seen = line.startsWith("zk1 | ") || line.startsWith("zk2 | ");
      }
      assertTrue(seen, "logs -f printed the members' new lines");
      assertTrue(follow.isAlive(), "logs -f keeps following the members still running");
    } finally {
      follow.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Cli.Run ascii = new Cli(dir).zkorch(Map.of("LC_ALL", "C"), "status", A, "--runtime", "docker");
    assertEquals(1, ascii.code(), "zk3 is down: " + ascii);
    assertTrue(ascii.out().chars().allMatch(c -> c < 128), "ASCII only under LC_ALL=C:\n" + ascii.out());
    assertTrue(ascii.out().matches("(?s).*zk1\\s.*\\sok\n.*"), ascii.out());
    assertTrue(ascii.out().contains("FAIL exited"), "zk3, killed, is marked in ASCII:\n" + ascii.out());
  }
}
