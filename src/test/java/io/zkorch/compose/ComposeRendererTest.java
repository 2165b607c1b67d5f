package io.zkorch.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.Defaults;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ComposeRendererTest {

  /** Golden files: src/test/resources/compose/NAME.compose.yml for specs/valid/NAME.yaml. */
  @ParameterizedTest
  @ValueSource(strings = {"minimal", "full"})
  void rendersTheGoldenFile(String name) {
    String source = "specs/valid/" + name + ".yaml";
    ClusterSpec spec = SpecLoader.load(TestFiles.path(source));
    String actual = ComposeRenderer.render(Topology.of(spec), source);
    assertEquals(TestFiles.golden(TestFiles.path("compose/" + name + ".compose.yml"), actual), actual);
  }

  /** The repository's docker-compose.yml is what zkorch renders from the example cluster.yaml. */
  @Test
  void topLevelComposeFileIsInSyncWithTheExampleClusterFile() {
    ClusterSpec spec = Defaults.apply(SpecLoader.decode(TestFiles.read(Path.of("cluster.yaml")), "cluster.yaml")
        .spec(), Defaults.BASE_IMAGE);
    String actual = ComposeRenderer.render(Topology.of(spec), "cluster.yaml");
    assertEquals(TestFiles.golden(Path.of("docker-compose.yml"), actual), actual,
        "docker-compose.yml is stale: run `./zkorch compose -f cluster.yaml -o docker-compose.yml`");
  }

  @Test
  @SuppressWarnings("unchecked")
  void appsWaitForHealthyMembersAndGetZkHosts() {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/full.yaml"));
    Map<String, Object> doc = new Yaml().load(ComposeRenderer.render(Topology.of(spec), "full.yaml"));
    Map<String, Object> services = (Map<String, Object>) doc.get("services");
    Map<String, Object> probe = (Map<String, Object>) services.get("probe");
    Map<String, Object> depends = (Map<String, Object>) probe.get("depends_on");
    assertEquals(7, depends.size());
    assertEquals(Map.of("condition", "service_healthy"), depends.get("zk1"));
    Map<String, String> env = (Map<String, String>) probe.get("environment");
    assertTrue(env.get("ZK_HOSTS").startsWith("zk1:2181,zk2:2181"));
    assertEquals(2, probe.get("scale"));
    Map<String, Object> zk1 = (Map<String, Object>) services.get("zk1");
    assertEquals(List.of("127.0.0.1:31000:2181"), zk1.get("ports"));
    assertTrue(zk1.containsKey("healthcheck"));
    Map<String, Object> labels = (Map<String, Object>) zk1.get("labels");
    assertEquals("full", labels.get("io.zkorch.cluster"));
  }
}
