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

  /** Golden files for the stack form: src/test/resources/compose/NAME.stack.yml. */
  @ParameterizedTest
  @ValueSource(strings = {"minimal", "full"})
  void rendersTheGoldenStackFile(String name) {
    String source = "specs/valid/" + name + ".yaml";
    ClusterSpec spec = SpecLoader.load(TestFiles.path(source));
    String actual = ComposeRenderer.renderStack(Topology.of(spec), source);
    assertEquals(TestFiles.golden(TestFiles.path("compose/" + name + ".stack.yml"), actual), actual);
  }

  /**
   * What `docker stack deploy` needs and what an ensemble on a swarm needs: a version 3 file, no depends_on (a stack
   * refuses the map form), dnsrr members with one replica, host-mode ports, no health check, the bind-retry flag, an
   * attachable overlay, and the member's own name (never 0.0.0.0) in its server list.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theStackFileAvoidsTheSwarmPitfalls() {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/full.yaml"));
    Map<String, Object> doc = new Yaml().load(ComposeRenderer.renderStack(Topology.of(spec), "full.yaml"));
    assertTrue(String.valueOf(doc.get("version")).startsWith("3."));
    Map<String, Object> services = (Map<String, Object>) doc.get("services");
    for (Map.Entry<String, Object> e : services.entrySet()) {
      Map<String, Object> svc = (Map<String, Object>) e.getValue();
      assertTrue(!svc.containsKey("depends_on") && !svc.containsKey("container_name") && !svc.containsKey("scale"),
          e.getKey() + " has no key a stack ignores or refuses");
      Map<String, Object> deploy = (Map<String, Object>) svc.get("deploy");
      assertEquals("dnsrr", deploy.get("endpoint_mode"), e.getKey());
    }
    Map<String, Object> zk2 = (Map<String, Object>) services.get("zk2");
    assertEquals(1, ((Map<String, Object>) zk2.get("deploy")).get("replicas"));
    assertEquals("zk2", zk2.get("hostname"));
    assertEquals(Map.of("disable", true), zk2.get("healthcheck"));
    Map<String, Object> port = ((List<Map<String, Object>>) zk2.get("ports")).get(0);
    assertEquals("host", port.get("mode"));
    assertEquals(2181, port.get("target"));
    Map<String, String> env = (Map<String, String>) zk2.get("environment");
    assertTrue(env.get("JVMFLAGS").contains("-Dzookeeper.electionPortBindRetry=0"));
    assertTrue(env.get("ZOO_SERVERS").contains("server.2=zk2:2888:3888"));
    assertTrue(!env.get("ZOO_SERVERS").contains("0.0.0.0"));
    Map<String, Object> network = (Map<String, Object>) ((Map<String, Object>) doc.get("networks")).get("default");
    assertEquals("overlay", network.get("driver"));
    assertEquals(true, network.get("attachable"));
    Map<String, Object> probe = (Map<String, Object>) services.get("probe");
    assertEquals(2, ((Map<String, Object>) probe.get("deploy")).get("replicas"));
  }
}
