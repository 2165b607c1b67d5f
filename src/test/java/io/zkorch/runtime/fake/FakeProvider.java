package io.zkorch.runtime.fake;

import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.NodeState;
import io.zkorch.topology.NodeRole;
import io.zkorch.runtime.Partitioning;
import io.zkorch.runtime.Provider;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider with no engine behind it, for unit tests of {@link io.zkorch.cluster.ClusterManager} and the fault
 * engine: it records every call, keeps its nodes in memory, and lets each running member answer {@code srvr} on a
 * loopback port with a mode it chooses (the lowest running, connected voter leads). A test can make any step fail.
 * With {@link #withoutPartitioning()} it plays every role but partitioning, like the local provider.
 */
public class FakeProvider implements Provider {

  /** Every call, in order: "createNetwork dev", "kill dev zk2", … */
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private final Map<String, Map<String, FakeNode>> clusters = new ConcurrentHashMap<>();
  private final Map<String, Boolean> networks = new ConcurrentHashMap<>();
  private final Map<String, List<String>> volumes = new ConcurrentHashMap<>();
  private String failOn;

  /** Makes the step named {@code call} (createMembers, startMembers, …) throw an environment error. */
  public FakeProvider failOn(String call) {
    this.failOn = call;
    return this;
  }

  /** The same provider without the partitioning role. */
  public static FakeProvider withoutPartitioning() {
    return new FakeProvider();
  }

  /** A provider that also partitions. */
  public static FakeProvider withPartitioning() {
    return new Partitioned();
  }

  /** A fake that plays the optional role too. */
  static final class Partitioned extends FakeProvider implements Partitioning {
    @Override
    public void disconnect(String cluster, String target) {
      record("disconnect", cluster, target);
      node(cluster, target).partitioned = true;
    }

    @Override
    public void connect(String cluster, String target) {
      record("connect", cluster, target);
      node(cluster, target).partitioned = false;
    }
  }

  /** Leaves a network with no containers behind, as an interrupted up would. */
  public void leaveNetwork(String cluster) {
    networks.put(cluster, true);
  }

  void record(String call, String... args) {
    calls.add(call + " " + String.join(" ", args));
    if (call.equals(failOn)) {
      throw ZkorchException.environment("fake: " + call + " fails", null);
    }
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Prepared prepare(Topology topology, Progress progress) {
    record("prepare", topology.cluster());
    return new Prepared("fake/member:1", null);
  }

  @Override
  public List<ClusterState> list() {
    List<ClusterState> all = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(names())) {
      find(name).ifPresent(all::add);
    }
    return all;
  }

  private java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.HashSet<>(clusters.keySet());
    names.addAll(networks.keySet());
    names.addAll(volumes.keySet());
    return names;
  }

  @Override
  public Optional<ClusterState> find(String cluster) {
    List<Node> nodes = new ArrayList<>();
    clusters.getOrDefault(cluster, Map.of()).values().forEach(n -> nodes.add(n.node()));
    ClusterState state = new ClusterState(cluster, nodes, networks.getOrDefault(cluster, false),
        volumes.getOrDefault(cluster, List.of()));
    return state.empty() ? Optional.empty() : Optional.of(state);
  }

  @Override
  public void createNetwork(Topology topology) {
    record("createNetwork", topology.cluster());
    networks.put(topology.cluster(), true);
  }

  @Override
  public void createVolumes(Topology topology) {
    record("createVolumes", topology.cluster());
    List<String> names = new ArrayList<>();
    topology.members().forEach(m -> names.addAll(m.volumes().keySet()));
    volumes.put(topology.cluster(), names);
  }

  @Override
  public void createMembers(Topology topology, String image) {
    record("createMembers", topology.cluster(), image);
    Map<String, FakeNode> nodes = clusters.computeIfAbsent(topology.cluster(), k -> new ConcurrentHashMap<>());
    for (Topology.Member m : topology.members()) {
      nodes.put(m.service(), new FakeNode(this, topology.cluster(), m.service(), m.id(), m.observer()));
    }
  }

  @Override
  public void startMembers(Topology topology) {
    record("startMembers", topology.cluster());
    clusters.get(topology.cluster()).values().forEach(FakeNode::start);
  }

  @Override
  public void startApps(Topology topology, String zkorchImage) {
    record("startApps", topology.cluster());
  }

  @Override
  public List<String> remove(String cluster, boolean withVolumes) {
    record("remove", cluster, Boolean.toString(withVolumes));
    List<String> removed = new ArrayList<>();
    Map<String, FakeNode> nodes = clusters.remove(cluster);
    if (nodes != null) {
      nodes.values().forEach(n -> {
        n.stop();
        removed.add("container " + cluster + "-" + n.service);
      });
    }
    if (networks.remove(cluster) != null) {
      removed.add("network zkorch-" + cluster);
    }
    if (withVolumes && volumes.containsKey(cluster)) {
      volumes.remove(cluster).forEach(v -> removed.add("volume " + v));
    }
    return removed;
  }

  FakeNode node(String cluster, String target) {
    FakeNode n = clusters.getOrDefault(cluster, Map.of()).get(target);
    if (n == null) {
      throw ZkorchException.usage("Cluster " + cluster + " has no member or app named " + target + ".");
    }
    return n;
  }

  @Override
  public void kill(String cluster, String target) {
    record("kill", cluster, target);
    node(cluster, target).stop();
  }

  @Override
  public void start(String cluster, String target) {
    record("start", cluster, target);
    node(cluster, target).start();
  }

  @Override
  public void pause(String cluster, String target) {
    record("pause", cluster, target);
    node(cluster, target).paused = true;
  }

  @Override
  public void unpause(String cluster, String target) {
    record("unpause", cluster, target);
    node(cluster, target).paused = false;
  }

  @Override
  public String logs(String cluster, String service, int tail) {
    return "fake log of " + node(cluster, service).service;
  }

  @Override
  public List<Path> exportLogs(String cluster, Path dir) {
    return List.of();
  }

  @Override
  public String fourLetterWordInside(String cluster, String target, String word) {
    return node(cluster, target).answer(word);
  }

  @Override
  public String prepareWorkers(Topology topology, Progress progress) {
    return "fake/app:1";
  }

  @Override
  public Map<String, WorkerResult> runWorkers(Topology topology, String image, String scenario,
      List<WorkerRun> workers, Duration timeout) {
    return new TreeMap<>();
  }

  @Override
  public void close() {
    clusters.values().forEach(m -> m.values().forEach(FakeNode::stop));
  }

  /** The mode a member reports: the lowest-numbered running, reachable voter leads while a majority is up. */
  String modeOf(FakeNode asked) {
    Map<String, FakeNode> nodes = clusters.getOrDefault(asked.cluster, Map.of());
    List<FakeNode> voters = nodes.values().stream().filter(n -> !n.observer).toList();
    List<FakeNode> up = voters.stream().filter(n -> n.serving() && !n.partitioned).sorted(
        java.util.Comparator.comparingInt(n -> n.id)).toList();
    if (asked.partitioned || up.size() <= voters.size() / 2 || !up.contains(asked) && !asked.observer) {
      return null;
    }
    if (asked.observer) {
      return "observer";
    }
    return up.get(0) == asked ? "leader" : "follower";
  }

  /** One fake member: a loopback socket that answers srvr while it runs and is not paused. */
  static final class FakeNode {
    private final FakeProvider provider;
    private final String cluster;
    private final String service;
    private final int id;
    private final boolean observer;
    private volatile ServerSocket socket;
    private volatile boolean paused;
    private volatile boolean partitioned;
    private volatile int port;

    FakeNode(FakeProvider provider, String cluster, String service, int id, boolean observer) {
      this.provider = provider;
      this.cluster = cluster;
      this.service = service;
      this.id = id;
      this.observer = observer;
    }

    boolean serving() {
      return socket != null && !paused;
    }

    Node node() {
      NodeState state = socket == null ? NodeState.EXITED : paused ? NodeState.PAUSED : NodeState.RUNNING;
      return new Node(service, cluster + "-" + service, NodeRole.MEMBER, id, observer, 0, state,
          socket == null ? 0 : port, "fake/member:1", partitioned);
    }

    String answer(String word) {
      String mode = provider.modeOf(this);
      if (mode == null) {
        return "This ZooKeeper instance is not currently serving requests\n";
      }
      return "Zookeeper version: fake\nZxid: 0x100000000\nMode: " + mode + "\n";
    }

    synchronized void start() {
      if (socket != null) {
        return;
      }
      // a restarted node takes its old port back: reuse it (a connection of the last life may linger in TIME_WAIT),
      // and wait a little for the old socket's close to finish
      for (int attempt = 0; ; attempt++) {
        ServerSocket s = null;
        try {
          s = new ServerSocket();
          s.setReuseAddress(true);
          s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
          socket = s;
          break;
        } catch (java.net.BindException e) {
          try {
            s.close();
          } catch (IOException ignored) {
            // never bound
          }
          if (port == 0 || attempt >= 40) {
            throw new java.io.UncheckedIOException(e);
          }
          try {
            Thread.sleep(25);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new java.io.UncheckedIOException(e);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      port = socket.getLocalPort();
      ServerSocket mine = socket;
      Thread t = new Thread(() -> serve(mine), "fake-" + service);
      t.setDaemon(true);
      t.start();
    }

    private void serve(ServerSocket mine) {
      while (!mine.isClosed()) {
        try (Socket s = mine.accept()) {
          s.setSoTimeout(1000);
          InputStream in = s.getInputStream();
          byte[] word = in.readNBytes(4);
          if (paused) {
            Thread.sleep(2000); // a frozen process answers nothing
            continue;
          }
          OutputStream out = s.getOutputStream();
          out.write(answer(new String(word, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | InterruptedException e) {
          // closed by stop(), or a client gone
        }
      }
    }

    synchronized void stop() {
      if (socket == null) {
        return;
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
      socket = null;
    }
  }
}
