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
      "duplicate-key", "observers-standalone", "scenarios", "faults", "registry", "lean"})
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
