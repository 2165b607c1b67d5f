package io.zkorch.topology;

import io.zkorch.spec.AppSpec;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.ZooKeeperSpec;
import io.zkorch.spec.ZooKeeperVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything concrete about a cluster: names, aliases, environment, labels and ports of each container.
 *
 * @param cluster the cluster name
 * @param network the Docker network name
 * @param members ensemble members, voters first, by id
 * @param apps app containers, by service then replica
 * @param spec the spec this came from
 */
public record Topology(String cluster, String network, List<Member> members, List<App> apps, ClusterSpec spec) {

  /** The client port inside every member container. */
  public static final int CLIENT_PORT = 2181;
  public static final int QUORUM_PORT = 2888;
  public static final int ELECTION_PORT = 3888;
  /** Where a member keeps its data; matches the official image. */
  public static final String DATA_DIR = "/data";
  public static final String DATALOG_DIR = "/datalog";
  /** Where a member finds its TLS material (keystore.p12, truststore.p12, store.pass), readable by uid 1000 only. */
  public static final String SECRETS_DIR = "/secrets";

  /** The zoo.cfg entry (in ZOO_CFG_EXTRA) that gives members their client port; see {@link #servers}. */
  public static final String CLIENT_PORT_ENTRY = "clientPort=" + CLIENT_PORT;

  /**
   * JVM flags for members on an orchestrator that puts a member's name in DNS only once its task or pod runs (a
   * swarm, Kubernetes): keep retrying the election port while the member's own name does not resolve yet
   * (ZOOKEEPER-3320), and cap the election's notification back-off at one second — by default it doubles up to 60 s
   * while peers do not resolve, and a member that started first then waits up to half a minute after they do; and
   * keep the JVM from caching names: by default it remembers a failed lookup for 10 s (a member whose peers' tasks
   * were not in DNS yet could not reach them for 10 s: 13 s medians to boot 5 members on a swarm) and an address for
   * 30 s (a member restarted as a new task has a new address: a new leader 25.8 s after a kill).
   */
  public static final String SCHEDULED_MEMBER_FLAGS =
      "-Dzookeeper.electionPortBindRetry=0 -Dzookeeper.fastleader.maxNotificationInterval=1000"
          + " -Dsun.net.inetaddr.ttl=1 -Dsun.net.inetaddr.negative.ttl=0";

  /** Repository of the member images zkorch builds. */
  public static final String MEMBER_REPOSITORY = "zkorch/member";
  /** Repository of the app images zkorch builds. */
  public static final String APP_REPOSITORY = "zkorch/app";

  /**
   * One ensemble member.
   *
   * @param id myid, from 1
   * @param service network alias and hostname, such as {@code zk1}
   * @param container container name, such as {@code dev-zk1}
   * @param observer whether it is a non-voting observer
   * @param hostPort the host port its client port is published on; 0 when Docker chooses
   * @param env the container environment (the official image's contract)
   * @param labels the container labels
   * @param volumes named volumes → mount targets (/data and /datalog); empty with tmpfs storage
   */
  public record Member(
      int id,
      String service,
      String container,
      boolean observer,
      int hostPort,
      Map<String, String> env,
      Map<String, String> labels,
      Map<String, String> volumes) {}

  /**
   * One app container.
   *
   * @param service the app service name
   * @param replica 1-based replica number
   * @param container container name, such as {@code dev-probe-1}
   * @param image the image reference
   * @param command the command, empty for the image's own
   * @param env the container environment, with ZK_HOSTS
   * @param labels the container labels
   * @param ports published ports, host → container
   */
  public record App(
      String service,
      int replica,
      String container,
      String image,
      List<String> command,
      Map<String, String> env,
      Map<String, String> labels,
      Map<Integer, Integer> ports) {}

  /** The topology of a validated spec. */
  public static Topology of(ClusterSpec spec) {
    String cluster = spec.name();
    ZooKeeperSpec zk = spec.zookeeper();
    io.zkorch.spec.SecuritySpec sec = zk.security();
    if (sec.tls().client() || sec.sasl().enabled() || !sec.acl().isEmpty()) {
      // said rather than ignored: an ensemble booted without the TLS, SASL and ACLs its file asks for would pass
      // checks it should not
      throw io.zkorch.ZkorchException.usage("zookeeper.security: this zkorch boots TLS between members"
          + " (tls.quorum) on Docker, but not yet client TLS, SASL or ACLs, which `zkorch validate` checks; remove"
          + " those to boot.");
    }
    String servers = servers(zk);
    List<Member> members = new ArrayList<>();
    for (int id = 1; id <= zk.size(); id++) {
      boolean observer = id > zk.members();
      String service = "zk" + id;
      Map<String, String> labels = labels(cluster, Labels.ROLE_MEMBER, service);
      labels.put(Labels.MEMBER_ID, Integer.toString(id));
      labels.put(Labels.MEMBER_TYPE, observer ? "observer" : "participant");
      members.add(
          new Member(
              id,
              service,
              cluster + "-" + service,
              observer,
              zk.clientPort().hostPortOf(id),
              java.util.Collections.unmodifiableMap(memberEnv(zk, id, observer, servers)),
              Map.copyOf(labels),
              zk.storage() == ZooKeeperSpec.Storage.VOLUME ? volumes(cluster, service) : Map.of()));
    }
    String zkHosts = members.stream().map(m -> m.service() + ":" + CLIENT_PORT).collect(Collectors.joining(","));
    List<App> apps = new ArrayList<>();
    for (AppSpec app : spec.apps()) {
      for (int r = 1; r <= app.replicas(); r++) {
        Map<String, String> env = appEnv(zkHosts, cluster, spec.zookeeper());
        env.put("ZKORCH_SERVICE", app.name());
        env.putAll(new TreeMap<>(app.env()));
        Map<String, String> labels = labels(cluster, Labels.ROLE_APP, app.name());
        labels.put(Labels.REPLICA, Integer.toString(r));
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (String mapping : app.ports()) {
          String[] parts = mapping.split(":");
          ports.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        apps.add(
            new App(
                app.name(),
                r,
                cluster + "-" + app.name() + "-" + r,
                app.usesZkorchImage() ? appImage() : app.image(),
                app.command(),
                java.util.Collections.unmodifiableMap(env),
                Map.copyOf(labels),
                java.util.Collections.unmodifiableMap(ports)));
      }
    }
    return new Topology(cluster, networkName(cluster), List.copyOf(members), List.copyOf(apps), spec);
  }

  /** The member image reference: the user's own, or zkorch's for the configured version. */
  public String memberImage() {
    String own = spec.zookeeper().image();
    return own.isEmpty() ? MEMBER_REPOSITORY + ":" + spec.zookeeper().version() : own;
  }

  /** zkorch's app image reference. */
  /**
   * What app-side clients (zkorch's own workers and probe) read for their session and connection timeouts: set when
   * the profile is not the default one, so that clients notice a failover as quickly as the ensemble makes it.
   */
  /**
   * The one place that says what an app-side process (an app container, a scenario worker, a local app) finds in
   * its environment: ZK_HOSTS (the connect string it can use), ZKORCH_CLUSTER, and the client timeouts matching the
   * ensemble's profile. Callers add their own keys after these.
   */
  public static Map<String, String> appEnv(String zkHosts, String cluster, ZooKeeperSpec zk) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZK_HOSTS", zkHosts);
    env.put("ZKORCH_CLUSTER", cluster);
    env.putAll(clientEnv(zk));
    return env;
  }

  public static Map<String, String> clientEnv(ZooKeeperSpec zk) {
    if (zk.profile() == ZooKeeperSpec.Profile.DEFAULT) {
      return Map.of();
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZKORCH_SESSION_TIMEOUT_MS", Integer.toString(zk.sessionTimeoutMs()));
    env.put("ZKORCH_CONNECTION_TIMEOUT_MS", Integer.toString(zk.profile().connectionTimeoutMs));
    return env;
  }

  /** The cluster's network: zkorch-NAME. */
  public static String networkName(String cluster) {
    return "zkorch-" + cluster;
  }

  public static String appImage() {
    return APP_REPOSITORY + ":" + ZooKeeperVersions.ZKORCH;
  }

  /** Whether members need TLS material put into them before they start. */
  public boolean needsSecrets() {
    return spec.zookeeper().security().tls().quorum();
  }

  /** A usage error when {@code where} (compose, a stack, Kubernetes, the local runtime) cannot carry TLS yet. */
  public void requireNoSecrets(String where) {
    if (needsSecrets()) {
      throw io.zkorch.ZkorchException.usage("zookeeper.security.tls.quorum: " + where + " cannot carry the members'"
          + " TLS material yet; boot it with `zkorch up --runtime docker`.");
    }
  }

  /** The in-network connect string apps receive as ZK_HOSTS. */
  public String internalConnectString() {
    return members.stream().map(m -> m.service() + ":" + CLIENT_PORT).collect(Collectors.joining(","));
  }

  /** Labels of the cluster's network. */
  public Map<String, String> networkLabels() {
    return Map.copyOf(labels(cluster, Labels.ROLE_NETWORK, "network"));
  }

  private static Map<String, String> volumes(String cluster, String service) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(cluster + "-" + service + "-data", DATA_DIR);
    v.put(cluster + "-" + service + "-datalog", DATALOG_DIR);
    return v;
  }

  /** Labels of a member's data volume. */
  public Map<String, String> volumeLabels(Member m) {
    return Map.copyOf(labels(cluster, Labels.ROLE_VOLUME, m.service()));
  }

  private static Map<String, String> labels(String cluster, String role, String service) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.CLUSTER, cluster);
    labels.put(Labels.ROLE, role);
    labels.put(Labels.SERVICE, service);
    return labels;
  }

  /**
   * ZOO_SERVERS in the official image's format, without client addresses: {@code server.1=zk1:2888:3888 ...}; the
   * client port comes from {@code clientPort} in ZOO_CFG_EXTRA. Client addresses here would be copied into the
   * ensemble's {@code /zookeeper/config}, and Curator's ensemble tracker would then switch every client — also
   * those on the host, connected through published ports — to {@code zk1:2181,…}, names only the cluster's network
   * resolves: after the first election such a client never reconnects.
   */
  static String servers(ZooKeeperSpec zk) {
    List<String> entries = new ArrayList<>();
    for (int id = 1; id <= zk.size(); id++) {
      String type = id > zk.members() ? ":observer" : "";
      entries.add(
          "server." + id + "=zk" + id + ":" + QUORUM_PORT + ":" + ELECTION_PORT + type);
    }
    return String.join(" ", entries);
  }

  private static Map<String, String> memberEnv(ZooKeeperSpec zk, int id, boolean observer, String servers) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZOO_MY_ID", Integer.toString(id));
    env.put("ZOO_SERVERS", servers);
    env.put("ZOO_TICK_TIME", Integer.toString(zk.tickTime()));
    env.put("ZOO_INIT_LIMIT", Integer.toString(zk.initLimit()));
    env.put("ZOO_SYNC_LIMIT", Integer.toString(zk.syncLimit()));
    env.put("ZOO_4LW_COMMANDS_WHITELIST", String.join(",", zk.fourLetterWords()));
    env.put("ZOO_ADMINSERVER_ENABLED", "false");
    env.put("ZOO_STANDALONE_ENABLED", Boolean.toString(zk.size() == 1));
    List<String> extra = new ArrayList<>();
    extra.add(CLIENT_PORT_ENTRY);
    new TreeMap<>(zk.config()).forEach((k, v) -> extra.add(k + "=" + v));
    if (observer) {
      extra.add("peerType=observer");
    }
    if (zk.security().tls().quorum()) {
      // TLS between members: each presents its own certificate (its names as SANs, checked by the member it connects
      // to) and trusts the cluster's CA; passwords are read from a file, never written here
      for (String store : List.of("keyStore", "trustStore")) {
        String file = store.equals("keyStore") ? "keystore.p12" : "truststore.p12";
        extra.add("ssl.quorum." + store + ".location=" + SECRETS_DIR + "/" + file);
        extra.add("ssl.quorum." + store + ".passwordPath=" + SECRETS_DIR + "/store.pass");
        extra.add("ssl.quorum." + store + ".type=PKCS12");
      }
      extra.add("sslQuorum=true");
      extra.add("ssl.quorum.hostnameVerification=true");
      // the connecting member's address reverse-resolves to a network-qualified name; its certificate is still checked
      extra.add("ssl.quorum.clientHostnameVerification=false");
    }
    env.put("ZOO_CFG_EXTRA", String.join(" ", extra));
    env.put("JVMFLAGS", ("-Xms" + zk.heap() + " -Xmx" + zk.heap() + " " + zk.profile().jvmFlags).strip());
    return env;
  }
}
