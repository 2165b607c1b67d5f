package io.zkorch.runtime.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskState;
import io.zkorch.TestFiles;
import io.zkorch.runtime.NodeState;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The services zkorch creates on a swarm carry the official stack file's lessons; no engine needed to check. */
class SwarmSpecsTest {

  private final Topology topology = Topology.of(SpecLoader.load(TestFiles.path("specs/valid/full.yaml")));

  @Test
  void aMemberServiceResolvesToItsTaskAndIsCheckedByZkorchNotBySwarm() {
    Topology.Member zk2 = topology.members().get(1);
    ServiceSpec spec = SwarmSpecs.member(topology, zk2, "img", "node-b", zk2.labels(), Map.of("v", "1"), 0);
    assertEquals(zk2.container(), spec.getName());
    assertEquals(0L, spec.getMode().getReplicated().getReplicas(), "created stopped; started by scaling to 1");
    assertEquals(EndpointResolutionMode.DNSRR, spec.getEndpointSpec().getMode(), "no virtual IP in the election");
    var task = spec.getTaskTemplate();
    assertEquals("zk2", task.getContainerSpec().getHostname());
    assertEquals(List.of("zk2"), task.getNetworks().get(0).getAliases());
    assertEquals(topology.network(), task.getNetworks().get(0).getTarget());
    assertEquals(List.of("NONE"), task.getContainerSpec().getHealthCheck().getTest(),
        "a quorum health check would keep tasks out of DNS");
    assertEquals(List.of("node.id==node-b"), task.getPlacement().getConstraints());
    assertEquals(ServiceRestartCondition.ON_FAILURE, task.getRestartPolicy().getCondition());
    PortConfig port = spec.getEndpointSpec().getPorts().get(0);
    assertEquals(PortConfig.PublishMode.host, port.getPublishMode(), "never through the routing mesh");
    assertEquals(Topology.CLIENT_PORT, port.getTargetPort());
    List<String> env = task.getContainerSpec().getEnv();
    assertTrue(env.stream().anyMatch(e -> e.startsWith("JVMFLAGS=") && e.contains(SwarmSpecs.BIND_RETRY)), env::toString);
    String servers = env.stream().filter(e -> e.startsWith("ZOO_SERVERS=")).findFirst().orElseThrow();
    assertTrue(servers.contains("server.2=zk2:"), "its own entry is its name: " + servers);
    assertFalse(servers.contains("0.0.0.0"), servers);
  }

  @Test
  void volumesAreLabelledNamedVolumesOnTheNodeAndTmpfsKeepsTheImagesOwn() {
    Topology.Member zk1 = topology.members().get(0);
    var mounts = SwarmSpecs.member(topology, zk1, "img", "n", zk1.labels(), Map.of("v", "1"), 1).getTaskTemplate()
        .getContainerSpec().getMounts();
    if (zk1.volumes().isEmpty()) {
      assertTrue(mounts.isEmpty(), "the image's own volumes, writable by its user: " + mounts);
    } else {
      assertEquals(zk1.volumes().size(), mounts.size());
      assertTrue(mounts.stream().allMatch(m -> m.getType() == MountType.VOLUME));
    }
  }

  @Test
  void workersRunOnceAndAppsGetZkHosts() {
    var worker = SwarmSpecs.worker(topology, "w", "img", List.of("worker", "lock"), Map.of("ZK_HOSTS", "zk1:2181"),
        "n", Map.of());
    assertEquals(ServiceRestartCondition.NONE, worker.getTaskTemplate().getRestartPolicy().getCondition());
    assertEquals(List.of("worker", "lock"), worker.getTaskTemplate().getContainerSpec().getArgs());
    Topology.App probe = topology.apps().get(0);
    var app = SwarmSpecs.app(topology, probe, "img", "n", probe.labels());
    assertTrue(app.getTaskTemplate().getContainerSpec().getEnv().stream().anyMatch(e -> e.startsWith("ZK_HOSTS=zk1")));
  }

  @Test
  void placementSaysWhatALostNodeCosts() {
    assertEquals("zk1 on a; zk2 on b; zk3 on c",
        SwarmProvider.describePlacement(List.of("zk1", "zk2", "zk3"), List.of("a", "b", "c")));
    assertEquals("zk1,zk4 on a; zk2,zk5 on b; zk3 on c (fewer nodes than members: a lost node takes 2 members with"
        + " it)", SwarmProvider.describePlacement(List.of("zk1", "zk2", "zk3", "zk4", "zk5"), List.of("a", "b", "c")));
  }

  @Test
  void taskStatesReadAsContainerStates() {
    assertEquals(NodeState.RUNNING, SwarmProvider.taskState(TaskState.RUNNING));
    assertEquals(NodeState.CREATED, SwarmProvider.taskState(TaskState.PREPARING));
    assertEquals(NodeState.EXITED, SwarmProvider.taskState(TaskState.SHUTDOWN));
    assertEquals(NodeState.DEAD, SwarmProvider.taskState(TaskState.REJECTED));
  }

  @Test
  void aPartitionRefusesTcpBothWaysAndSparesLoopback() {
    List<String> rules = SwarmProvider.partitionRules("10.0.1.0/24");
    assertEquals(4, rules.size());
    assertTrue(rules.stream().allMatch(r -> r.contains("10.0.1.0/24") && r.contains("! -")), rules::toString);
    assertTrue(rules.stream().anyMatch(r -> r.startsWith("INPUT") && r.contains("tcp-reset")));
    assertTrue(rules.stream().anyMatch(r -> r.startsWith("OUTPUT") && r.contains("tcp-reset")));
  }
}
