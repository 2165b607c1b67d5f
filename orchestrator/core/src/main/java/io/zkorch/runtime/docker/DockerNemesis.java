package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.zkorch.ZkorchException;
import io.zkorch.image.BaseImage;
import io.zkorch.image.ImageTransfer;
import io.zkorch.topology.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Network faults from zkorch's helper image ({@code zkorch/nemesis}: iptables and iproute2 from Debian packages),
 * run in the target container's network namespace ({@code --network container:ID}, NET_ADMIN), so that no tool is
 * needed inside member or app images — the official image and foreign ones included.
 *
 * <p>An isolation cuts the target off from the given peers both ways (TCP refused with a reset, so both sides notice
 * at once; the rest dropped) and leaves everything else — its clients on the host and in app containers — as it
 * was. Its mark is the helper itself, left running with the cluster's labels and the target's name: a later heal,
 * from any process, finds it, removes the rules it added (they carry a comment) and then the helper.
 */
final class DockerNemesis {

  /** The comment every rule carries, so that a heal removes exactly these. */
  static final String COMMENT = "zkorch-isolate";

  private final DockerClient docker;
  private final UnaryOperator<Map<String, String>> labels;

  DockerNemesis(DockerClient docker, UnaryOperator<Map<String, String>> labels) {
    this.docker = docker;
    this.labels = labels;
  }

  /** The iptables rules (chain and match) that cut a container off {@code peer}. */
  static List<String> isolationRules(String peer) {
    String mark = " -m comment --comment " + COMMENT;
    return List.of(
        "INPUT -s " + peer + " -p tcp" + mark + " -j REJECT --reject-with tcp-reset",
        "INPUT -s " + peer + mark + " -j DROP",
        "OUTPUT -d " + peer + " -p tcp" + mark + " -j REJECT --reject-with tcp-reset",
        "OUTPUT -d " + peer + mark + " -j DROP");
  }

  /** Cuts {@code target} off {@code peers}; returns once the rules are in place, its mark left running. */
  void isolate(String cluster, String service, Container target, List<String> peers) {
    requireImage();
    List<String> adds = new ArrayList<>();
    for (String peer : peers) {
      isolationRules(peer).forEach(r -> adds.add("iptables -w -A " + r));
    }
    String script = String.join(" && ", adds) + " && echo isolated && exec sleep 2147483647";
    String id = docker.createContainerCmd(BaseImage.NEMESIS_TAG)
        .withName(target.getNames()[0].replaceFirst("^/", "") + "-isolated")
        .withCmd("sh", "-c", script)
        .withLabels(labels.apply(mark(cluster, service)))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + target.getId())
            .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        String out = DockerOutput.of(docker, id, true, true, 20);
        if (out.contains("isolated")) {
          return;
        }
        Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
        if (!Boolean.TRUE.equals(running) || System.nanoTime() > giveUp) {
          throw ZkorchException.failure("The network-fault helper could not isolate " + service + ": "
              + out.strip());
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      remove(id);
      throw ZkorchException.failure("Interrupted while isolating " + service + ".");
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
  }

  /** Takes away the isolation of {@code service} (its rules, then its mark); nothing when there is none. */
  void unisolate(String cluster, String service, Container target) {
    List<Container> marks = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(
        Labels.CLUSTER + "=" + cluster, Labels.ROLE + "=" + Labels.ROLE_NEMESIS, Labels.SERVICE + "=" + service))
        .exec();
    if (marks.isEmpty()) {
      return;
    }
    if ("running".equals(target.getState())) {
      // every rule with zkorch's comment, in the namespace the target has now (a restarted one has none left)
      run(target, "iptables -w -S | grep -- '" + COMMENT + "' | sed 's/^-A /-D /' | while read -r r; do"
          + " eval \"iptables -w $r\"; done; true");
    }
    for (Container m : marks) {
      remove(m.getId());
    }
  }

  /** Runs {@code script} once in {@code target}'s network namespace. */
  private void run(Container target, String script) {
    requireImage();
    Map<String, String> own = new TreeMap<>();
    own.put(Labels.CLUSTER, target.getLabels().get(Labels.CLUSTER));
    own.put(Labels.ROLE, "nemesis-helper");
    String id = docker.createContainerCmd(BaseImage.NEMESIS_TAG)
        .withCmd("sh", "-c", script)
        .withLabels(labels.apply(own))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + target.getId())
            .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
      if (code != 0) {
        throw ZkorchException.failure("The network-fault helper failed (exit " + code + "): "
            + DockerOutput.of(docker, id, true, true, 20).strip());
      }
    } finally {
      remove(id);
    }
  }

  private static Map<String, String> mark(String cluster, String service) {
    Map<String, String> own = new TreeMap<>();
    own.put(Labels.CLUSTER, cluster);
    own.put(Labels.ROLE, Labels.ROLE_NEMESIS);
    own.put(Labels.SERVICE, service);
    return own;
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException gone) {
      // removed already
    }
  }

  private void requireImage() {
    if (!ImageTransfer.present(docker, BaseImage.NEMESIS_TAG)) {
      throw ZkorchException.usage("Isolating a node runs iptables in zkorch's network-fault helper ("
          + BaseImage.NEMESIS_TAG + "), which this engine does not have; build it once with `zkorch image"
          + " nemesis`.");
    }
  }
}
