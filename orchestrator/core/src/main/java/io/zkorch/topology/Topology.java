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

  /** With client TLS, the plaintext client port (on the member's loopback unless tls.plaintext). */
  public static final int PLAINTEXT_PORT_WITH_TLS = 2180;
  /** The environment variable naming the port the image's health check asks (default 2181). */
  public static final String HEALTH_PORT_ENV = "ZKORCH_HEALTH_PORT";

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
    env.putAll(clientSecretsEnv(zk.security()));
    return env;
  }

  /**
   * An app container's pointers to the client files put into it on a secure cluster: the ZooKeeper client settings
   * (TLS stores, the login section) and the JAAS file; empty when clients need neither.
   */
  public static Map<String, String> clientSecretsEnv(io.zkorch.spec.SecuritySpec sec) {
    Map<String, String> env = new LinkedHashMap<>();
    if (sec.clientFilesNeeded()) {
      env.put(CLIENT_CONFIG_ENV, SECRETS_DIR + "/client.properties");
      if (sec.sasl().client() != null) {
        env.put(JAAS_CONFIG_ENV, SECRETS_DIR + "/jaas.conf");
      }
    }
    return env;
  }

  /** Names the ZooKeeper client properties file of a secure cluster's app container. */
  public static final String CLIENT_CONFIG_ENV = "ZK_CLIENT_CONFIG";
  /** Names the JAAS file (a {@code Client} section) of an app container on a cluster whose clients log in. */
  public static final String JAAS_CONFIG_ENV = "ZK_JAAS_CONFIG";

  /**
   * The SASL user app service {@code service}'s containers log in as: its {@code user}, else the first of
   * {@code sasl.users} by name; null when clients do not log in.
   */
  public String appUser(String service) {
    io.zkorch.spec.SecuritySpec.Sasl sasl = spec.zookeeper().security().sasl();
    if (sasl.client() == null) {
      return null;
    }
    return spec.apps().stream().filter(a -> a.name().equals(service)).map(AppSpec::user)
        .filter(java.util.Objects::nonNull).findFirst()
        .orElseGet(() -> new TreeMap<>(sasl.users()).firstKey());
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

  /** Whether the cluster is secure: members (and app containers) need files put into them before they start. */
  public boolean needsSecrets() {
    return spec.zookeeper().security().enabled();
  }

  /** Whether app-side clients need files (a client certificate, a login) to connect. */
  public boolean clientsNeedSecrets() {
    return spec.zookeeper().security().clientFilesNeeded();
  }

  /** A usage error when {@code where} (compose, a stack, Kubernetes) cannot carry a secure ensemble's files yet. */
  public void requireNoSecrets(String where) {
    if (needsSecrets()) {
      throw io.zkorch.ZkorchException.usage("zookeeper.security: " + where + " cannot carry a secure ensemble's"
          + " keys and logins yet; boot it with `zkorch up` (Docker or the local runtime).");
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
    List<String> jvm = new ArrayList<>();
    security(zk.security(), extra, jvm, env);
    env.put("ZOO_CFG_EXTRA", String.join(" ", extra));
    jvm.add(0, ("-Xms" + zk.heap() + " -Xmx" + zk.heap() + " " + zk.profile().jvmFlags).strip());
    env.put("JVMFLAGS", String.join(" ", jvm));
    return env;
  }

  /**
   * A secure member's zoo.cfg entries, JVM flags and environment: only names and paths under {@link #SECRETS_DIR},
   * never a secret (passwords are read from files there).
   */
  private static void security(io.zkorch.spec.SecuritySpec sec, List<String> extra, List<String> jvm,
      Map<String, String> env) {
    if (sec.tls().client()) {
      // the secure port is the one clients know (2181, published, in ZK_HOSTS); the plaintext one moves to 2180,
      // on the member's own loopback only (for the image's health check) unless plaintext: true
      extra.remove(CLIENT_PORT_ENTRY);
      extra.add(0, "secureClientPort=" + CLIENT_PORT);
      extra.add(1, "clientPort=" + PLAINTEXT_PORT_WITH_TLS);
      if (!sec.tls().plaintext()) {
        extra.add(2, "clientPortAddress=127.0.0.1");
      }
      extra.add("serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory");
      stores(extra, "ssl.");
      extra.add("ssl.clientAuth=" + sec.tls().clientAuth());
      // a client's certificate is checked against the CA; clients connect from addresses no name is given for
      extra.add("ssl.clientHostnameVerification=false");
      extra.add("authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider");
      env.put(HEALTH_PORT_ENV, Integer.toString(PLAINTEXT_PORT_WITH_TLS));
    }
    if (sec.tls().quorum()) {
      // TLS between members: each presents its own certificate (its names as SANs, checked by the member it connects
      // to) and trusts the cluster's CA; passwords are read from a file, never written here
      stores(extra, "ssl.quorum.");
      extra.add("sslQuorum=true");
      extra.add("ssl.quorum.hostnameVerification=true");
      // the connecting member's address reverse-resolves to a network-qualified name; its certificate is still checked
      extra.add("ssl.quorum.clientHostnameVerification=false");
    }
    if (sec.sasl().enabled()) {
      jvm.add("-Djava.security.auth.login.config=" + SECRETS_DIR + "/jaas.conf");
      // ZooKeeper 3.9's FIPS mode (on by default) refuses DIGEST-MD5, the only mechanism short of Kerberos
      jvm.add("-Dzookeeper.fips-mode=false");
    }
    if (sec.sasl().client() != null) {
      // every client session must log in (enforce.auth, ZooKeeper 3.7+); zkorch's own user is the SASL super user
      extra.add("authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
      extra.add("enforce.auth.enabled=true");
      extra.add("enforce.auth.schemes=sasl");
      jvm.add("-Dzookeeper.superUser=" + io.zkorch.security.ClusterSecrets.ZKORCH_USER);
    }
    if (sec.sasl().quorum()) {
      extra.add("quorum.auth.enableSasl=true");
      extra.add("quorum.auth.learnerRequireSasl=true");
      extra.add("quorum.auth.serverRequireSasl=true");
      extra.add("quorum.auth.learner.saslLoginContext=QuorumLearner");
      extra.add("quorum.auth.server.saslLoginContext=QuorumServer");
      extra.add("quorum.cnxn.threads.size=20");
    }
    if (io.zkorch.security.ClusterSecrets.digestSuperUser(sec)) {
      // the digest super user's hash, as JVM arguments from a file (the java launcher's @argfiles): not in the env
      jvm.add("@" + SECRETS_DIR + "/jvm.args");
    }
  }

  private static void stores(List<String> extra, String prefix) {
    for (String store : List.of("keyStore", "trustStore")) {
      String file = store.equals("keyStore") ? "keystore.p12" : "truststore.p12";
      extra.add(prefix + store + ".location=" + SECRETS_DIR + "/" + file);
      extra.add(prefix + store + ".passwordPath=" + SECRETS_DIR + "/store.pass");
      extra.add(prefix + store + ".type=PKCS12");
    }
  }
}
