package io.zkorch.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.zkorch.TestFiles;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kubernetes manifests: golden files, every object parsed back by fabric8, zkorch's lint clean on what it renders,
 * and the lint failing on each trap it exists for (no Kubernetes cluster runs on these machines).
 */
class KubernetesRendererTest {

  private static List<HasMetadata> render(String name, KubernetesRenderer.Options options) {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/" + name + ".yaml"));
    return new KubernetesRenderer(Topology.of(spec), options).objects();
  }

  private static String stream(String name, KubernetesRenderer.Options options) {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/" + name + ".yaml"));
    return KubernetesRenderer.yaml(render(name, options), KubernetesRenderer.header(spec, "specs/valid/" + name
        + ".yaml"));
  }

  /** Golden files: src/test/resources/kubernetes/NAME.yaml (full: in a namespace, images from a registry). */
  @ParameterizedTest
  @ValueSource(strings = {"minimal", "full"})
  void rendersTheGoldenFile(String name) {
    var options = name.equals("full") ? new KubernetesRenderer.Options("zk-test", "registry.example:5000", "2Gi")
        : KubernetesRenderer.Options.DEFAULT;
    String actual = stream(name, options);
    assertEquals(TestFiles.golden(TestFiles.path("kubernetes/" + name + ".yaml"), actual), actual);
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal", "full", "faults"})
  void everyObjectParsesBackAsItself(String name) {
    List<HasMetadata> objects = render(name, KubernetesRenderer.Options.DEFAULT);
    List<HasMetadata> parsed = KubernetesRenderer.parse(stream(name, KubernetesRenderer.Options.DEFAULT));
    assertEquals(objects.size(), parsed.size());
    for (int i = 0; i < objects.size(); i++) {
      assertEquals(objects.get(i).getClass(), parsed.get(i).getClass(), "kind of object " + i);
      assertEquals(objects.get(i), parsed.get(i), "object " + i + " survives the round trip");
    }
    assertEquals(List.of(), KubernetesLint.check(parsed), "the lint passes what zkorch renders");
  }

  @Test
  void theEnsembleIsWhatTheClusterFileSays() {
    List<HasMetadata> objects = render("full", KubernetesRenderer.Options.DEFAULT);
    StatefulSet sts = find(objects, StatefulSet.class);
    ConfigMap config = find(objects, ConfigMap.class);
    assertEquals(7, sts.getSpec().getReplicas(), "5 voters + 2 observers");
    assertEquals("Parallel", sts.getSpec().getPodManagementPolicy());
    String servers = config.getData().get("ZOO_SERVERS");
    assertTrue(servers.contains("server.1=full-zk-0.full-zk-headless:2888:3888 "), servers);
    assertTrue(servers.endsWith("server.7=full-zk-6.full-zk-headless:2888:3888:observer"), servers);
    assertTrue(config.getData().get("JVMFLAGS").contains("-Dzookeeper.electionPortBindRetry=0"));
    var pod = sts.getSpec().getTemplate().getSpec();
    assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    var container = pod.getContainers().get(0);
    assertTrue(String.join(" ", container.getReadinessProbe().getExec().getCommand()).contains("srvr"),
        "ready means serving in a quorum");
    assertTrue(String.join(" ", container.getLivenessProbe().getExec().getCommand()).contains("ruok"),
        "alive does not wait for the quorum");
    assertTrue(String.join(" ", container.getCommand()).contains("${HOSTNAME##*-} + 1"), "myid from the ordinal");
    Service headless = objects.stream().filter(o -> o instanceof Service s && "None".equals(s.getSpec()
        .getClusterIP())).map(o -> (Service) o).findFirst().orElseThrow();
    assertTrue(headless.getSpec().getPublishNotReadyAddresses());
    var app = objects.stream().filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow();
    String env = KubernetesRenderer.yaml(app);
    assertTrue(env.contains("full-zk-0.full-zk-headless:2181,full-zk-1.full-zk-headless:2181"), env);
  }

  @Test
  void aNamespaceMakesFullyQualifiedNamesAndARegistryPrefixesZkorchsImages() {
    var options = new KubernetesRenderer.Options("zk-test", "registry.example:5000/team", "1Gi");
    List<HasMetadata> objects = render("minimal", options);
    assertTrue(objects.stream().allMatch(o -> "zk-test".equals(o.getMetadata().getNamespace())));
    ConfigMap config = find(objects, ConfigMap.class);
    assertTrue(config.getData().get("ZOO_SERVERS").contains("mini-zk-0.mini-zk-headless.zk-test.svc.cluster.local"));
    assertTrue(find(objects, StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
        .startsWith("registry.example:5000/team/zkorch/member:"));
  }

  @Test
  void scenarioWorkersBecomeJobsThatRunOnce() {
    List<HasMetadata> objects = render("faults", KubernetesRenderer.Options.DEFAULT);
    var jobs = objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job)
        .map(o -> (io.fabric8.kubernetes.api.model.batch.v1.Job) o).toList();
    assertTrue(!jobs.isEmpty(), "the file's scenarios have workers");
    jobs.forEach(j -> {
      assertEquals(0, j.getSpec().getBackoffLimit());
      assertEquals("Never", j.getSpec().getTemplate().getSpec().getRestartPolicy());
      assertEquals("worker", j.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().get(0));
    });
  }

  // --------------------------------------------------------------------------------------------- the lint fails

  private static List<String> lintAfter(Consumer<List<HasMetadata>> breakIt) {
    List<HasMetadata> objects = KubernetesRenderer.parse(stream("minimal", KubernetesRenderer.Options.DEFAULT));
    breakIt.accept(objects);
    return KubernetesLint.check(objects);
  }

  private static <T> T find(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Test
  void theLintCatchesTheTutorialsAntiAffinitySelector() {
    // the upstream tutorial selects on `app` while its pods are labelled app.kubernetes.io/name
    List<String> problems = lintAfter(o -> find(o, StatefulSet.class).getSpec().getTemplate().getSpec().getAffinity()
        .getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm()
        .getLabelSelector().setMatchLabels(java.util.Map.of("app", "zk")));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("pod anti-affinity"), problems.get(0));
  }

  @Test
  void theLintCatchesAHeadlessServiceThatHidesNotReadyMembers() {
    List<String> problems = lintAfter(o -> o.stream().filter(x -> x instanceof Service s && "None".equals(s.getSpec()
        .getClusterIP())).forEach(s -> ((Service) s).getSpec().setPublishNotReadyAddresses(false)));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("publishNotReadyAddresses"), problems.get(0));
  }

  @Test
  void theLintCatchesAServerListThatIsNotTheReplicaCount() {
    List<String> problems = lintAfter(o -> find(o, StatefulSet.class).getSpec().setReplicas(5));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("ZOO_SERVERS lists 3 servers but the StatefulSet has 5"), problems.get(0));
  }

  @Test
  void theLintCatchesAProbeOnAPortTheContainerLacks() {
    List<String> problems = lintAfter(o -> find(o, StatefulSet.class).getSpec().getTemplate().getSpec()
        .getContainers().get(0).getPorts().removeIf(p -> p.getContainerPort() == 2181));
    assertTrue(problems.stream().anyMatch(p -> p.contains("readiness probe") && p.contains("2181")),
        problems::toString);
    assertTrue(problems.stream().anyMatch(p -> p.contains("targets the container port named client")),
        problems::toString);
  }

  @Test
  void theLintCatchesSelectorsThatSelectNothingAndOrderedStart() {
    List<String> problems = lintAfter(o -> {
      find(o, io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class).getSpec().getSelector()
          .setMatchLabels(java.util.Map.of("app", "zookeeper"));
      find(o, StatefulSet.class).getSpec().setPodManagementPolicy("OrderedReady");
    });
    assertEquals(2, problems.size(), problems::toString);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("PodDisruptionBudget/") && p.contains("protects")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("OrderedReady") || p.contains("Parallel")));
  }
}
