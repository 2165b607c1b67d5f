package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.zkorch.ZkorchException;
import io.zkorch.image.BaseImage;
import io.zkorch.image.ImageTransfer;
import io.zkorch.spec.Fault;
import io.zkorch.topology.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Network faults from zkorch's helper image ({@code zkorch/nemesis}: iptables, iproute2 and a packet delayer, from
 * Debian packages), run in the target container's network namespace ({@code --network container:ID}, NET_ADMIN), so
 * that no tool is needed inside member or app images — the official image and foreign ones included.
 *
 * <p>A cut drops the target's traffic with given peers (TCP refused with a reset both ways, so both sides notice at
 * once; the rest dropped), or only what they send it (one-way loss), and leaves everything else — its clients on the
 * host and in app containers — as it was. Link chaos holds what the target sends (delay, jitter, reordering: iptables
 * queues the packets to {@code zkorch-netem}, which lets each go after its time), drops a share of what it receives
 * (iptables statistic), sends a share twice (iptables TEE) or limits its rate (a tbf qdisc). This engine's kernel need
 * not have {@code sch_netem}: the delayer stands in for it.
 *
 * <p>The mark of a fault is the helper itself, left running with the cluster's labels and the target's name (for a
 * delay it is the delayer): a later heal, from any process, finds it, removes the rules it added (they carry a
 * comment) and the qdisc, then stops the helper.
 */
public final class DockerNemesis {

  /** The comment every rule carries, so that a heal removes exactly these. */
  static final String COMMENT = "zkorch-nemesis";
  /** The label naming the container a mark belongs to. */
  static final String MARK_OF = "io.zkorch.nemesis-of";
  /** The label saying what a mark does: cut or chaos. */
  static final String MARK_KIND = "io.zkorch.nemesis-kind";
  /** The label describing the fault, for people: the links it cuts, or the chaos. */
  static final String MARK_WHAT = "io.zkorch.nemesis-what";
  /** The NFQUEUE queue the delayer reads (one per network namespace, so any fixed number does). */
  static final int QUEUE = 7;

  private final DockerClient docker;
  private final UnaryOperator<Map<String, String>> labels;

  public DockerNemesis(DockerClient docker, UnaryOperator<Map<String, String>> labels) {
    this.docker = docker;
    this.labels = labels;
  }

  /** The iptables rules (chain and match) that cut a container off {@code peer}, both ways or inbound only. */
  static List<String> cutRules(String peer, boolean inboundOnly) {
    String mark = " -m comment --comment " + COMMENT;
    if (inboundOnly) {
      return List.of("INPUT -s " + peer + mark + " -j DROP");
    }
    return List.of(
        "INPUT -s " + peer + " -p tcp" + mark + " -j REJECT --reject-with tcp-reset",
        "INPUT -s " + peer + mark + " -j DROP",
        "OUTPUT -d " + peer + " -p tcp" + mark + " -j REJECT --reject-with tcp-reset",
        "OUTPUT -d " + peer + mark + " -j DROP");
  }

  /** The script that cuts a container off {@code peers} (their addresses). */
  public static String cutScript(List<String> peers, boolean inboundOnly) {
    List<String> adds = new ArrayList<>();
    for (String peer : peers) {
      cutRules(peer, inboundOnly).forEach(r -> adds.add("iptables -w -A " + r));
    }
    return String.join(" && ", adds);
  }

  /**
   * The script that shapes a container's traffic; {@code destinations} (the other addresses on its network) are where
   * duplicates are sent. A delay starts the delayer in the background as {@code $p}.
   */
  static String chaosScript(Fault.LinkChaos c, List<String> destinations) {
    return chaosScript(c, destinations, null);
  }

  /**
   * The same for one link: {@code peer} is, for loss, the address whose packets are dropped on arrival here (the
   * rules go on the receiving end); for the rest, the address what is sent to is shaped. Null: every address.
   */
  public static String chaosScript(Fault.LinkChaos c, List<String> destinations, String peer) {
    String mark = " -m comment --comment " + COMMENT;
    List<String> steps = new ArrayList<>();
    if (c.delayMs() > 0) {
      steps.add(String.format(Locale.ROOT, "{ zkorch-netem %d %.3f %.3f %.3f > /tmp/netem.log 2>&1 & p=$!; }", QUEUE,
          c.delayMs(), c.jitterMs(), c.reorderPercent()));
      steps.add("until grep -q ready /tmp/netem.log; do kill -0 $p 2>/dev/null || { cat /tmp/netem.log; exit 1; };"
          + " sleep 0.05; done");
      steps.add("iptables -w -A OUTPUT " + (peer == null ? "! -o lo" : "-d " + peer) + mark + " -j NFQUEUE"
          + " --queue-num " + QUEUE + " --queue-bypass");
    }
    if (c.lossPercent() > 0) {
      steps.add("iptables -w -A INPUT " + (peer == null ? "! -i lo" : "-s " + peer) + " -m statistic --mode random"
          + " --probability " + probability(c.lossPercent()) + mark + " -j DROP");
    }
    if (c.duplicatePercent() > 0) {
      for (String d : peer == null ? destinations : List.of(peer)) {
        steps.add("iptables -w -t mangle -A OUTPUT -d " + d + " -m statistic --mode random --probability "
            + probability(c.duplicatePercent()) + mark + " -j TEE --gateway " + d);
      }
    }
    if (c.rate() != null) {
      steps.add("for d in $(ls /sys/class/net); do [ \"$d\" = lo ] || tc qdisc add dev \"$d\" root tbf rate " + c.rate()
          + " burst " + burstBytes(c.rate()) + " latency 400ms || exit 1; done");
    }
    return String.join(" && ", steps);
  }

  /**
   * What a chaos mark says it did: the chaos, and on one link "on FROM->TO" (whose ends
   * {@link io.zkorch.runtime.Partitioning#ends} reads back); {@code to} null for all of {@code from}'s links.
   */
  public static String what(Fault.LinkChaos c, String from, String to) {
    return describe(c) + (to == null ? "" : " on " + from + "->" + to);
  }

  /** Link chaos for people: delay 200 ms ~50 ms, loss 20.0%, … (a mark's description, the heal's word). */
  public static String describe(Fault.LinkChaos c) {
    java.util.List<String> parts = new ArrayList<>();
    if (c.reorderPercent() > 0) {
      parts.add(Math.round(c.reorderPercent()) + "% overtake the rest, held " + Math.round(c.delayMs()) + " ms");
    } else if (c.delayMs() > 0) {
      parts.add("delay " + Math.round(c.delayMs()) + " ms" + (c.jitterMs() > 0 ? " ~" + Math.round(c.jitterMs())
          + " ms" : ""));
    }
    if (c.lossPercent() > 0) {
      parts.add("loss " + c.lossPercent() + "%");
    }
    if (c.duplicatePercent() > 0) {
      parts.add("duplicate " + c.duplicatePercent() + "%");
    }
    if (c.rate() != null) {
      parts.add("rate " + c.rate());
    }
    return String.join(", ", parts);
  }

  /** A tbf bucket big enough for the rate at the kernel's tick (and never below 16 kB). */
  static long burstBytes(String rate) {
    double n = Double.parseDouble(rate.replaceAll("[a-z]+$", ""));
    double bits = n * (rate.endsWith("gbit") ? 1e9 : rate.endsWith("mbit") ? 1e6 : 1e3);
    return Math.max(16_000, Math.round(bits / 8 / 50));
  }

  private static String probability(double percent) {
    return String.format(Locale.ROOT, "%.4f", percent / 100);
  }

  /** Removes every rule with zkorch's comment (filter and mangle) and a tbf root qdisc, in the namespace run in. */
  public static final String HEAL_SCRIPT = "for t in filter mangle; do iptables -w -t $t -S | grep -- '" + COMMENT + "'"
      + " | sed 's/^-A /-D /' | while read -r r; do eval \"iptables -w -t $t $r\"; done; done;"
      + " for d in $(ls /sys/class/net); do [ \"$d\" = lo ] || ! tc qdisc show dev \"$d\" root | grep -q tbf"
      + " || tc qdisc del dev \"$d\" root; done; true";

  /**
   * Runs {@code setup} in {@code target}'s network namespace and leaves the helper running as the fault's mark;
   * returns once the setup is done. When it fails, whatever it put in place is removed again.
   *
   * @param kind cut or chaos
   * @param what the fault for people (the links cut, or the chaos)
   */
  public void apply(String cluster, String service, Container target, String kind, String what, String setup) {
    requireImage();
    String hold = "[ -n \"$p\" ] || { sleep 2147483647 & p=$!; }; trap 'kill -TERM $p 2>/dev/null; wait $p; exit 0'"
        + " TERM INT; echo applied; wait $p";
    String script = "p=; " + setup + " && " + hold;
    String name = containerName(target);
    Map<String, String> own = mark(cluster, service);
    own.put(MARK_OF, name);
    own.put(MARK_KIND, kind);
    own.put(MARK_WHAT, what);
    String id = helper(target, name + "-" + kind, own, script);
    try {
      docker.startContainerCmd(id).exec();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        String out = DockerOutput.of(docker, id, true, true, 20);
        if (out.contains("applied")) {
          return;
        }
        Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
        if (!Boolean.TRUE.equals(running) || System.nanoTime() > giveUp) {
          throw ZkorchException.failure("The network-fault helper could not " + ("cut".equals(kind) ? "cut " : "shape ")
              + service + "'s links: " + out.strip());
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      undo(target, List.of(id));
      throw ZkorchException.failure("Interrupted while changing " + service + "'s links.");
    } catch (RuntimeException e) {
      undo(target, List.of(id));
      throw e;
    }
  }

  /** The marks (running or not) of network faults on cluster's nodes. */
  public List<Container> marks(String cluster) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(
        Labels.CLUSTER + "=" + cluster, Labels.ROLE + "=" + Labels.ROLE_NEMESIS)).exec();
  }

  /** Takes away every network fault on {@code target} (its rules, its qdisc, then its marks); nothing when none. */
  public void heal(String cluster, Container target) {
    String name = containerName(target);
    List<String> ids = marks(cluster).stream().filter(m -> name.equals(m.getLabels().get(MARK_OF)))
        .map(Container::getId).toList();
    if (!ids.isEmpty()) {
      undo(target, ids);
    }
  }

  private void undo(Container target, List<String> marks) {
    // every rule with zkorch's comment, in the namespace they were put in: from inside a running mark (it holds
    // that namespace, NET_ADMIN and the tools), else from a new helper in the namespace the target has now (a
    // restarted target has none left); first the rules, so that nothing new is queued, then the marks, whose
    // delayer lets what it holds go
    String running = marks.stream().filter(m -> "running".equals(state(m))).findFirst().orElse(null);
    if (running != null) {
      String exec = docker.execCreateCmd(running).withCmd("sh", "-c", HEAL_SCRIPT).withAttachStdout(true)
          .withAttachStderr(true).exec().getId();
      StringBuilder out = new StringBuilder();
      DockerOutput.await(docker.execStartCmd(exec).exec(DockerOutput.collector(out)), 30);
    } else if ("running".equals(state(target.getId()))) {
      run(target, HEAL_SCRIPT);
    }
    for (String m : marks) {
      try {
        docker.stopContainerCmd(m).withTimeout(3).exec();
      } catch (NotFoundException | com.github.dockerjava.api.exception.NotModifiedException gone) {
        // stopped or removed already
      }
      remove(m);
    }
  }

  private String state(String id) {
    try {
      return docker.inspectContainerCmd(id).exec().getState().getStatus();
    } catch (NotFoundException e) {
      return "removed";
    }
  }

  /** Runs {@code script} once in {@code target}'s network namespace. */
  private void run(Container target, String script) {
    requireImage();
    Map<String, String> own = new TreeMap<>();
    own.put(Labels.CLUSTER, target.getLabels().get(Labels.CLUSTER));
    own.put(Labels.ROLE, "nemesis-helper");
    String id = helper(target, null, own, script);
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

  /** Creates (not starts) the helper running {@code script} in {@code target}'s network namespace, NET_ADMIN. */
  private String helper(Container target, String name, Map<String, String> own, String script) {
    var create = docker.createContainerCmd(BaseImage.NEMESIS_TAG)
        .withCmd("sh", "-c", script)
        .withLabels(labels.apply(own))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + target.getId())
            .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN));
    if (name != null) {
      create.withName(name);
    }
    return create.exec().getId();
  }

  /** A container's name without Docker's leading slash (its id when it has none). */
  public static String containerName(Container c) {
    return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
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

  void requireImage() {
    if (!ImageTransfer.present(docker, BaseImage.NEMESIS_TAG)) {
      throw ZkorchException.usage("Network faults run iptables in zkorch's network-fault helper ("
          + BaseImage.NEMESIS_TAG + "), which this engine does not have; build it once with `zkorch image"
          + " nemesis`.");
    }
  }
}
