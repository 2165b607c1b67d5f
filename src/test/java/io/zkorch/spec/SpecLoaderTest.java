package io.zkorch.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.ZkorchException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecLoaderTest {

  @Test
  void minimalFileGetsEveryDefault() {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/minimal.yaml"));
    ZooKeeperSpec zk = spec.zookeeper();
    assertEquals("mini", spec.name());
    assertEquals(ZooKeeperVersions.SHIPPED, zk.version());
    assertEquals(3, zk.members());
    assertEquals(0, zk.observers());
    assertEquals(2000, zk.tickTime());
    assertEquals(5, zk.initLimit());
    assertEquals(2, zk.syncLimit());
    assertEquals("256m", zk.heap());
    assertEquals(ZooKeeperSpec.Storage.VOLUME, zk.storage());
    assertEquals(0, zk.clientPort().host());
    assertEquals("127.0.0.1", zk.clientPort().bind());
    assertTrue(zk.fourLetterWords().containsAll(List.of("srvr", "mntr")));
    assertEquals("", zk.image());
    assertEquals(List.of(), spec.apps());
  }

  @Test
  void fullFileKeepsEveryValue() {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/full.yaml"));
    ZooKeeperSpec zk = spec.zookeeper();
    assertEquals(5, zk.members());
    assertEquals(2, zk.observers());
    assertEquals(7, zk.size());
    assertEquals(500, zk.tickTime());
    assertEquals("1g", zk.heap());
    assertEquals(ZooKeeperSpec.Storage.TMPFS, zk.storage());
    assertEquals(31000, zk.clientPort().host());
    assertEquals(31006, zk.clientPort().hostPortOf(7));
    assertEquals(Map.of("maxClientCnxns", "200", "globalOutstandingLimit", "2000"), zk.config());
    assertEquals("zkorch/base:bookworm-jre17", spec.images().base());
    assertEquals(2, spec.apps().size());
    AppSpec probe = spec.apps().get(0);
    assertEquals(2, probe.replicas());
    assertEquals(List.of("probe", "--interval", "1s"), probe.command());
    assertTrue(probe.usesZkorchImage());
    assertEquals("nginx:1.25", spec.apps().get(1).image());
    assertEquals(List.of("8080:80"), spec.apps().get(1).ports());
  }

  @Test
  void faultSchedulesAndTheFastFailoverProfile() {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/faults.yaml"));
    ZooKeeperSpec zk = spec.zookeeper();
    assertEquals(ZooKeeperSpec.Profile.FAST_FAILOVER, zk.profile());
    assertEquals(200, zk.tickTime(), "the profile's tick, since the file sets none");
    assertEquals(10, zk.initLimit());
    assertEquals(5, zk.syncLimit());
    assertEquals(2000, zk.sessionTimeoutMs());
    ScenarioSpec lock = spec.scenarios().get(0);
    assertEquals(List.of("kill-leader", "pause-holder", "partition-zk2"), lock.faults().schedule());
    assertEquals(java.time.Duration.ofSeconds(8), lock.faults().intervalOrDefault());
    assertEquals(java.time.Duration.ofSeconds(3), lock.faults().hold());
    assertEquals(7, lock.faults().seedOrDefault());
    ScenarioSpec config = spec.scenarios().get(1);
    assertEquals(java.time.Duration.ofSeconds(10), config.faults().intervalOrDefault());
    assertEquals(null, config.faults().hold());
  }

  @Test
  void explicitTimingsWinOverTheProfile() {
    ClusterSpec spec = SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: t\nzookeeper:\n"
        + "  profile: fast-failover\n  tickTime: 1000\n", "inline");
    assertEquals(1000, spec.zookeeper().tickTime());
    assertEquals(2000, spec.zookeeper().sessionTimeoutMs(), "2 s is within 2..20 ticks of 1000 ms");
    assertEquals(ZooKeeperSpec.Profile.DEFAULT, SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\n"
        + "name: t\n", "inline").zookeeper().profile());
  }

  @Test
  void exampleClusterFileIsValid() {
    ClusterSpec spec = SpecLoader.load(Path.of("cluster.yaml"));
    assertEquals("dev", spec.name());
    assertEquals(2181, spec.zookeeper().clientPort().host());
    assertEquals(List.of("lock", "config", "leader"), spec.scenarios().stream().map(ScenarioSpec::name).toList());
    ScenarioSpec config = spec.scenarios().get(1);
    assertEquals(io.zkorch.spec.ScenarioTypes.of("config"), config.kind());
    assertEquals(10, config.workers());
    assertEquals(200, config.intParam("updates"));
    assertEquals(java.time.Duration.ofSeconds(20), spec.scenarios().get(0).duration());
    assertEquals("false", config.param("dropFinal"), "unset parameters take their defaults");
  }

  @Test
  void nameOverrideIsValidatedLikeTheFile() {
    Path file = TestFiles.path("specs/valid/minimal.yaml");
    assertEquals("other", SpecLoader.load(file, "other").name());
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(file, "No Spaces"));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }

  @Test
  void baseImageDefaultComesFromTheEnvironmentKnob() {
    ClusterSpec raw = SpecLoader.decode(TestFiles.read("specs/valid/minimal.yaml"), "m").spec();
    assertEquals("eclipse-temurin:17-jre", Defaults.apply(raw, Defaults.BASE_IMAGE).images().base());
    assertEquals("zkorch/base:x", Defaults.apply(raw, "zkorch/base:x").images().base());
  }

  @Test
  void missingFileIsAUsageErrorNamingTheFix() {
    ZkorchException e =
        assertThrows(ZkorchException.class, () -> SpecLoader.load(Path.of("does/not/exist.yaml")));
    assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("zkorch init"), e.getMessage());
  }

  /**
   * Each invalid fixture has a .expected file: one line per problem, each a substring of exactly one reported
   * problem, and no problem left unexpected — so every problem is reported, all at once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"unknown-key", "wrong-types", "even-members", "many", "missing-header", "not-yaml",
      "duplicate-key", "observers-standalone", "scenarios", "faults", "registry", "lean", "data", "security"})
  void invalidFixtureReportsExactlyTheExpectedProblems(String name) {
    Path file = TestFiles.path("specs/invalid/" + name + ".yaml");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(file));
    assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
    List<String> actual = e.problems().stream().map(SpecProblem::toString).toList();
    List<String> expected = TestFiles.read("specs/invalid/" + name + ".expected").lines()
        .filter(l -> !l.isBlank()).toList();
    String all = actual.stream().collect(Collectors.joining("\n  ", "\n  ", ""));
    for (String want : expected) {
      long matches = actual.stream().filter(a -> a.contains(want)).count();
      assertEquals(1, matches, "expected exactly one problem containing [" + want + "], got:" + all);
    }
    assertEquals(expected.size(), actual.size(), "unexpected extra problems:" + all);
    assertTrue(e.getMessage().startsWith(file + " has "), e.getMessage());
  }

  @Test
  void dataSeedsTextFilesAndBinaryInPathOrder() throws Exception {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/data.yaml"));
    List<String> paths = spec.data().znodes().stream().map(DataSpec.Znode::path).toList();
    assertEquals(List.of("/app/config/binary", "/app/config/empty", "/app/config/greeting", "/app/config/port",
        "/app/config/props", "/app/config/quoted", "/app/flags/feature-x"), paths);
    assertEquals("hello", spec.data().find("/app/config/greeting").orElseThrow().text().orElseThrow());
    assertEquals("8080", spec.data().find("/app/config/port").orElseThrow().text().orElseThrow());
    assertEquals("on", spec.data().find("/app/flags/feature-x").orElseThrow().text().orElseThrow());
    assertEquals("  spaced  ", spec.data().find("/app/config/quoted").orElseThrow().text().orElseThrow());
    assertEquals(0, spec.data().find("/app/config/empty").orElseThrow().data().length);
    // a file's bytes, relative to the cluster file's folder
    assertEquals("line one\nline two\n", spec.data().find("/app/config/props").orElseThrow().text().orElseThrow());
    byte[] binary = spec.data().find("/app/config/binary").orElseThrow().data();
    assertTrue(java.util.Arrays.equals(new byte[] {0, 1, 2, (byte) 0xff}, binary));
    assertTrue(spec.data().find("/app/config/binary").orElseThrow().text().isEmpty(), "binary is not text");
  }

  /** ZooKeeper refuses a request over jute.maxbuffer: a value that large is an exit-2 problem at its line. */
  @Test
  void aValueOverZooKeepersLimitIsAProblemWithItsLine(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.write(dir.resolve("big.bin"), new byte[DataSpec.MAX_BYTES + 1]);
    java.nio.file.Files.write(dir.resolve("ok.bin"), new byte[DataSpec.MAX_BYTES]);
    Path file = dir.resolve("cluster.yaml");
    java.nio.file.Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: big\ndata:\n"
        + "  /big: {file: big.bin}\n  /ok: {file: ok.bin}\n  /inline: " + "x".repeat(DataSpec.MAX_BYTES + 1) + "\n");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(file));
    assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
    List<String> problems = e.problems().stream().map(SpecProblem::toString).toList();
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("data./big.file (line 5, column 16): is 1048576 bytes, over ZooKeeper's"
        + " limit of 1048575"), problems.toString());
    assertTrue(problems.get(1).startsWith("data./inline (line 7, column 12): is 1048576 bytes"), problems.toString());
  }

  /** `data apply` reads a tree export wrote, or a whole cluster file's data:, with the same checks. */
  @Test
  void aDataFileIsReadAloneWithTheSameChecks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path tree = dir.resolve("tree.yaml");
    java.nio.file.Files.writeString(tree, "# exported\ndata:\n  /a: x\n  /a/b: {base64: AAE=}\n");
    assertEquals(2, SpecLoader.readData(tree).znodes().size());
    assertEquals(7, SpecLoader.readData(TestFiles.path("specs/valid/data.yaml")).znodes().size());
    java.nio.file.Files.writeString(tree, "data:\n  /zookeeper: x\nother: 1\n");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.readData(tree));
    assertEquals(2, e.problems().size(), e.problems().toString());
    java.nio.file.Files.writeString(tree, "nothing: here\n");
    assertThrows(InvalidSpecException.class, () -> SpecLoader.readData(tree));
  }

  /**
   * cluster.yaml's JSON Schema is generated from the decoder (templates/cluster.schema.json is that output, for
   * editors pointed at the repository): in sync, valid for every valid fixture and the example file, and it refuses
   * an unknown key, a wrong type and a bad enum value, as validate does.
   */
  @Test
  void theJsonSchemaIsInSyncAndAgreesWithTheLoader() throws Exception {
    String generated = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(SpecLoader.jsonSchema()) + "\n";
    assertEquals(TestFiles.golden(Path.of("templates/cluster.schema.json"), generated), generated,
        "templates/cluster.schema.json is stale: run `./zkorch schema cluster > templates/cluster.schema.json`");
    io.zkorch.JsonSchemas schema = io.zkorch.JsonSchemas.of(Path.of("templates/cluster.schema.json"));
    for (String valid : List.of("minimal", "full", "faults", "data", "secure")) {
      assertEquals(java.util.Set.of(), schema.problems(TestFiles.read("specs/valid/" + valid + ".yaml")), valid);
    }
    assertEquals(java.util.Set.of(), schema.problems(TestFiles.read(Path.of("cluster.yaml"))));
    String head = "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: x\n";
    assertFalse(schema.problems(head + "zookeeper: {member: 3}\n").isEmpty(), "unknown key");
    assertFalse(schema.problems(head + "zookeeper: {members: three}\n").isEmpty(), "wrong type");
    assertFalse(schema.problems(head + "zookeeper: {storage: disk}\n").isEmpty(), "enum");
    assertFalse(schema.problems(head + "scenarios: [{kind: mutex}]\n").isEmpty(), "scenario kind");
    assertFalse(schema.problems(head + "data: {app: x}\n").isEmpty(), "relative znode path");
    assertFalse(schema.problems(head + "data: {/a: {value: x, file: y}}\n").isEmpty(), "two values");
    assertFalse(schema.problems("kind: Cluster\n").isEmpty(), "no name");
  }

  @Test
  void securityBlockDecodesEveryPart() {
    SecuritySpec sec = SpecLoader.load(TestFiles.path("specs/valid/secure.yaml")).zookeeper().security();
    assertTrue(sec.enabled());
    assertEquals(new SecuritySpec.Tls(true, true, "need", false), sec.tls());
    assertEquals("digest", sec.sasl().client());
    assertTrue(sec.sasl().quorum());
    assertEquals(Map.of("app", "${HOME}", "admin", "generated"), sec.sasl().users());
    assertEquals(List.of("sasl:app:cdrwa", "world:anyone:r"), sec.acl().get(0).grants());
    assertFalse(SpecLoader.load(TestFiles.path("specs/valid/minimal.yaml")).zookeeper().security().enabled());
  }

  /** A password written in the file is allowed, and warned about with the environment reference to use. */
  @Test
  void aPasswordInTheFileIsAWarningNamingTheEnvironmentReference(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("c.yaml");
    java.nio.file.Files.writeString(f, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: w\nzookeeper:\n"
        + "  security:\n    sasl:\n      client: digest\n      users: {app: hunter2, ops: generated, ci: \"${HOME}\"}\n");
    SpecLoader.load(f); // valid
    List<String> warnings = SpecLoader.warnings(f).stream().map(SpecProblem::toString).toList();
    assertEquals(List.of("zookeeper.security.sasl.users.app (line 8, column 20): is a password written in the file;"
        + " write ${APP_PASSWORD} and set APP_PASSWORD in the environment, or `generated` for one zkorch makes"),
        warnings);
    assertEquals(List.of(), SpecLoader.warnings(TestFiles.path("specs/valid/secure.yaml")));
  }

  @Test
  void closestKeySuggestion() {
    assertEquals("members", SpecLoader.closest("member", java.util.Set.of("members", "observers")));
    assertEquals(null, SpecLoader.closest("completely-else", java.util.Set.of("members")));
  }

  @Test
  void aRegistryIsAHostWithADotOrAPortAndAnOptionalPath() {
    for (String ok : List.of("registry.example:5000", "registry.example", "10.0.0.5:5000/team", "localhost:5000",
        "ghcr.io/acme/zk")) {
      assertTrue(SpecValidator.registryAddress(ok), ok);
    }
    for (String bad : List.of("https://registry.example", "registry", "reg.example/Team", "reg.example:port")) {
      assertFalse(SpecValidator.registryAddress(bad), bad);
    }
  }
}
