package io.zkorch.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a set of manifests for the mistakes that make a ZooKeeper ensemble on Kubernetes fail quietly: selectors that
 * match no pods (the upstream tutorial's anti-affinity selects on a label its pods do not carry), probes on ports the
 * container does not have, a server list whose length is not the replica count, and a headless service that hides
 * not-ready members while readiness waits for the quorum. Each problem is one sentence naming the object.
 */
public final class KubernetesLint {

  private static final Pattern DEV_TCP = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+)");

  private KubernetesLint() {}

  /** Every problem found; empty when the manifests pass. */
  public static List<String> check(List<HasMetadata> objects) {
    List<String> problems = new ArrayList<>();
    Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      String id = o.getKind() + "/" + o.getMetadata().getName();
      if (o instanceof StatefulSet s) {
        pods.put(id, s.getSpec().getTemplate());
        selects(problems, id, "selector", s.getSpec().getSelector(), s.getSpec().getTemplate());
      } else if (o instanceof Deployment d) {
        pods.put(id, d.getSpec().getTemplate());
        selects(problems, id, "selector", d.getSpec().getSelector(), d.getSpec().getTemplate());
      } else if (o instanceof Job j) {
        pods.put(id, j.getSpec().getTemplate());
      } else if (o instanceof ConfigMap c) {
        configMaps.put(c.getMetadata().getName(), c);
      }
    }
    for (var e : pods.entrySet()) {
      for (Container c : e.getValue().getSpec().getContainers()) {
        probePort(problems, e.getKey(), c, "readiness", c.getReadinessProbe());
        probePort(problems, e.getKey(), c, "liveness", c.getLivenessProbe());
      }
      var affinity = e.getValue().getSpec().getAffinity();
      if (affinity != null && affinity.getPodAntiAffinity() != null) {
        for (WeightedPodAffinityTerm t : affinity.getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()) {
          selects(problems, e.getKey(), "pod anti-affinity", t.getPodAffinityTerm().getLabelSelector(), e.getValue());
        }
        for (var t : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()) {
          selects(problems, e.getKey(), "pod anti-affinity", t.getLabelSelector(), e.getValue());
        }
      }
    }
    for (HasMetadata o : objects) {
      String id = o.getKind() + "/" + o.getMetadata().getName();
      if (o instanceof Service s) {
        List<PodTemplateSpec> selected = selected(pods, s.getSpec().getSelector());
        if (selected.isEmpty()) {
          problems.add(id + ": its selector " + s.getSpec().getSelector() + " matches no pod template; traffic"
              + " would go nowhere.");
        }
        for (ServicePort p : s.getSpec().getPorts()) {
          if (p.getTargetPort() != null && p.getTargetPort().getStrVal() != null && selected.stream().noneMatch(
              t -> t.getSpec().getContainers().stream().anyMatch(c -> c.getPorts().stream()
                  .anyMatch(cp -> p.getTargetPort().getStrVal().equals(cp.getName()))))) {
            problems.add(id + ": port " + p.getName() + " targets the container port named "
                + p.getTargetPort().getStrVal() + ", which no selected container has.");
          }
        }
      } else if (o instanceof PodDisruptionBudget b) {
        if (pods.values().stream().noneMatch(t -> matches(b.getSpec().getSelector(), t))) {
          problems.add(id + ": its selector matches no pod template, so it protects nothing.");
        }
      } else if (o instanceof StatefulSet s) {
        statefulSet(problems, id, s, objects, configMaps);
      }
    }
    return problems;
  }

  private static void statefulSet(List<String> problems, String id, StatefulSet s, List<HasMetadata> objects,
      Map<String, ConfigMap> configMaps) {
    Service headless = objects.stream().filter(o -> o instanceof Service).map(o -> (Service) o)
        .filter(o -> o.getMetadata().getName().equals(s.getSpec().getServiceName())).findFirst().orElse(null);
    if (headless == null) {
      problems.add(id + ": its serviceName " + s.getSpec().getServiceName() + " names no Service; members would"
          + " have no stable DNS names.");
    } else {
      if (!"None".equals(headless.getSpec().getClusterIP())) {
        problems.add("Service/" + headless.getMetadata().getName() + ": the StatefulSet's governing service must be"
            + " headless (clusterIP: None).");
      }
      boolean readiness = s.getSpec().getTemplate().getSpec().getContainers().stream()
          .anyMatch(c -> c.getReadinessProbe() != null);
      if (readiness && !Boolean.TRUE.equals(headless.getSpec().getPublishNotReadyAddresses())) {
        problems.add("Service/" + headless.getMetadata().getName() + ": publishNotReadyAddresses must be true: the"
            + " readiness probe waits for the quorum, and members that are not ready would never resolve each"
            + " other to form it.");
      }
    }
    for (Container c : s.getSpec().getTemplate().getSpec().getContainers()) {
      String servers = null;
      for (var from : c.getEnvFrom()) {
        if (from.getConfigMapRef() != null && configMaps.containsKey(from.getConfigMapRef().getName())) {
          servers = configMaps.get(from.getConfigMapRef().getName()).getData().get("ZOO_SERVERS");
        } else if (from.getConfigMapRef() != null) {
          problems.add(id + ": container " + c.getName() + " reads ConfigMap " + from.getConfigMapRef().getName()
              + ", which is not among the manifests.");
        }
      }
      for (var env : c.getEnv()) {
        if ("ZOO_SERVERS".equals(env.getName())) {
          servers = env.getValue();
        }
      }
      if (servers != null) {
        long entries = Pattern.compile("server\\.\\d+=").matcher(servers).results().count();
        if (entries != s.getSpec().getReplicas()) {
          problems.add(id + ": ZOO_SERVERS lists " + entries + " servers but the StatefulSet has "
              + s.getSpec().getReplicas() + " replicas.");
        }
        if (servers.contains("0.0.0.0")) {
          problems.add(id + ": ZOO_SERVERS contains 0.0.0.0, which leaks into /zookeeper/config; give each member"
              + " its own name.");
        }
      }
    }
    if (!"Parallel".equals(s.getSpec().getPodManagementPolicy())) {
      problems.add(id + ": podManagementPolicy should be Parallel: with OrderedReady the second member waits for the"
          + " first to be ready, which waits for a quorum the second is needed for.");
    }
  }

  private static void probePort(List<String> problems, String pod, Container c, String which, Probe p) {
    if (p == null) {
      return;
    }
    List<String> ports = new ArrayList<>();
    if (p.getTcpSocket() != null) {
      ports.add(p.getTcpSocket().getPort().getStrVal() != null ? p.getTcpSocket().getPort().getStrVal()
          : String.valueOf(p.getTcpSocket().getPort().getIntVal()));
    }
    if (p.getHttpGet() != null) {
      ports.add(p.getHttpGet().getPort().getStrVal() != null ? p.getHttpGet().getPort().getStrVal()
          : String.valueOf(p.getHttpGet().getPort().getIntVal()));
    }
    if (p.getExec() != null) {
      Matcher m = DEV_TCP.matcher(String.join(" ", p.getExec().getCommand()));
      while (m.find()) {
        ports.add(m.group(1));
      }
    }
    for (String port : ports) {
      boolean exists = c.getPorts().stream().anyMatch(cp -> port.equals(cp.getName())
          || port.equals(String.valueOf(cp.getContainerPort())));
      if (!exists) {
        problems.add(pod + ": the " + which + " probe of container " + c.getName() + " uses port " + port
            + ", which the container does not declare.");
      }
    }
  }

  private static void selects(List<String> problems, String id, String what, LabelSelector selector,
      PodTemplateSpec template) {
    if (!matches(selector, template)) {
      problems.add(id + ": its " + what + " " + (selector == null ? "(none)" : selector.getMatchLabels())
          + " does not match its pods' labels " + template.getMetadata().getLabels() + ", so it has no effect.");
    }
  }

  private static boolean matches(LabelSelector selector, PodTemplateSpec template) {
    return selector != null && selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
        && matches(selector.getMatchLabels(), template);
  }

  private static boolean matches(Map<String, String> selector, PodTemplateSpec template) {
    Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
    return labels != null && selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  private static List<PodTemplateSpec> selected(Map<String, PodTemplateSpec> pods, Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return pods.values().stream().filter(t -> matches(selector, t)).toList();
  }
}
