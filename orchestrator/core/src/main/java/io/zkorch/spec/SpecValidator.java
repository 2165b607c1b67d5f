package io.zkorch.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects every problem of a defaulted spec at once. Nothing here touches Docker. */
public final class SpecValidator {

  /** Lowercase DNS label: a valid container name prefix, compose project name and network alias. */
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

  static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[mMgG]");
  static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
  static final Pattern IMAGE_REF = Pattern.compile("[a-z0-9]+([._/:@-][a-zA-Z0-9]+)*([._-][a-zA-Z0-9]+)*");
  static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  static final Pattern PORT_MAPPING = Pattern.compile("(\\d{1,5}):(\\d{1,5})");

  static final Set<String> FOUR_LETTER_WORDS =
      Set.of(
          "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "ruok", "stmk", "srst", "srvr", "stat",
          "wchc", "wchp", "wchs", "mntr", "isro");

  /** zoo.cfg keys zkorch sets itself; a user value would silently break the topology. */
  static final Set<String> RESERVED_CONFIG =
      Set.of(
          "dataDir", "dataLogDir", "clientPort", "tickTime", "initLimit", "syncLimit", "4lw.commands.whitelist",
          "standaloneEnabled", "reconfigEnabled", "dynamicConfigFile");

  private final SourceMap at;
  private final List<SpecProblem> problems = new ArrayList<>();

  private SpecValidator(SourceMap at) {
    this.at = at;
  }

  /** Every problem of {@code spec}; empty when it is valid. */
  public static List<SpecProblem> validate(ClusterSpec spec, SourceMap sourceMap) {
    SpecValidator v = new SpecValidator(sourceMap);
    v.header(spec);
    v.zookeeper(spec.zookeeper());
    v.images(spec.images());
    v.apps(spec);
    v.scenarios(spec);
    v.security(spec.zookeeper().security());
    return List.copyOf(v.problems);
  }

  /**
   * What is allowed but unwise: a password written in the file itself (it ends up in version control); each names
   * the environment reference to use instead.
   */
  public static List<SpecProblem> warnings(ClusterSpec spec, SourceMap sourceMap) {
    List<SpecProblem> warnings = new java.util.ArrayList<>();
    spec.zookeeper().security().sasl().users().forEach((user, value) -> {
      if (value != null && !value.equals(GENERATED) && !ENV_REF.matcher(value).matches()) {
        warnings.add(sourceMap.problem("zookeeper.security.sasl.users." + user, "is a password written in the"
            + " file; write ${" + envName(user) + "} and set " + envName(user) + " in the environment, or"
            + " `generated` for one zkorch makes"));
      }
    });
    return warnings;
  }

  /** A password's environment reference, such as {@code ${APP_PASSWORD}}. */
  public static final java.util.regex.Pattern ENV_REF = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** A password zkorch makes (and keeps with the cluster's secrets). */
  public static final String GENERATED = "generated";

  private static String envName(String user) {
    return user.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_PASSWORD";
  }

  private static final List<String> ACL_SCHEMES = List.of("world", "auth", "digest", "ip", "sasl", "x509");

  private void security(SecuritySpec sec) {
    String base = "zookeeper.security";
    SecuritySpec.Tls tls = sec.tls();
    if (!tls.client() && !tls.clientAuth().equals("none")) {
      add(base + ".tls.clientAuth", "is " + tls.clientAuth() + ", which members ask of TLS clients; it needs"
          + " tls.client: true");
    }
    if (!tls.client() && tls.plaintext()) {
      add(base + ".tls.plaintext", "keeps a plaintext port beside the TLS one; it needs tls.client: true");
    }
    SecuritySpec.Sasl sasl = sec.sasl();
    if (sasl.users().isEmpty()) {
      if (sasl.client() != null) {
        add(base + ".sasl.client", "is " + sasl.client() + ", whose clients log in as users: add sasl.users,"
            + " such as {app: \"${APP_PASSWORD}\"}");
      }
      if (sasl.quorum()) {
        add(base + ".sasl.quorum", "needs sasl.users: members log in to each other as the first user");
      }
    }
    sasl.users().forEach((user, value) -> {
      String path = base + ".sasl.users." + user;
      if (user.equals(SecuritySpec.ZKORCH_USER)) {
        add(path, "'zkorch' is zkorch's own login on a secure cluster (its super user); name yours otherwise");
      } else if (!user.matches("[A-Za-z0-9._-]+")) {
        add(path, "'" + user + "' is not a user name; use letters, digits, '.', '_' and '-'");
      }
      java.util.regex.Matcher ref = ENV_REF.matcher(value);
      if (ref.matches() && System.getenv(ref.group(1)) == null) {
        add(path, "names ${" + ref.group(1) + "}, which is not set in the environment; set it, or write"
            + " `generated`");
      } else if (value.isEmpty()) {
        add(path, "is empty; write ${" + envName(user) + "} or `generated`");
      }
    });
    for (int i = 0; i < sec.acl().size(); i++) {
      SecuritySpec.Acl acl = sec.acl().get(i);
      String path = base + ".acl[" + i + "]";
      if (acl.path() == null) {
        add(path + ".path", "is missing; name the znode, such as /app");
      } else if (!acl.path().equals("/")) {
        String why = SpecLoader.znodePathProblem(acl.path());
        if (why != null) {
          add(path + ".path", why);
        }
      }
      if (acl.grants().isEmpty()) {
        add(path + ".grants", "is empty; grant at least one, such as \"sasl:app:cdrwa\"");
      }
      for (int g = 0; g < acl.grants().size(); g++) {
        String why = grantProblem(acl.grants().get(g), sasl);
        if (why != null) {
          add(path + ".grants[" + g + "]", why);
        }
      }
    }
  }

  /** Why a {@code scheme:id:perms} grant is malformed, or null. */
  static String grantProblem(String grant, SecuritySpec.Sasl sasl) {
    int first = grant.indexOf(':');
    int last = grant.lastIndexOf(':');
    if (first < 0 || first == last) {
      return "'" + grant + "' is not scheme:id:perms, such as sasl:app:cdrwa or world:anyone:r";
    }
    String scheme = grant.substring(0, first);
    String id = grant.substring(first + 1, last);
    String perms = grant.substring(last + 1);
    if (!ACL_SCHEMES.contains(scheme)) {
      return "'" + scheme + "' is not an ACL scheme; use one of " + ACL_SCHEMES;
    }
    if (perms.isEmpty() || !perms.matches("[cdrwa]+") || perms.chars().distinct().count() != perms.length()) {
      return "'" + perms + "' are not permissions; use letters of cdrwa (create, delete, read, write, admin), each"
          + " once";
    }
    switch (scheme) {
      case "world" -> {
        if (!id.equals("anyone")) {
          return "the world scheme has one id, anyone (world:anyone:" + perms + ")";
        }
      }
      case "auth" -> {
        if (!id.isEmpty()) {
          return "the auth scheme takes no id (auth::" + perms + ")";
        }
      }
      case "sasl" -> {
        if (sasl.client() == null) {
          return "grants to a SASL user, but sasl.client is not set: no client could log in as " + id;
        }
        if (!sasl.users().containsKey(id)) {
          return "grants to " + id + ", who is not in sasl.users " + sasl.users().keySet();
        }
      }
      case "digest" -> {
        if (!id.matches("[^:]+:[A-Za-z0-9+/=]{28}")) {
          return "a digest id is user:base64(sha1(user:password)), 28 characters after the colon";
        }
      }
      case "ip" -> {
        if (!id.matches("[0-9a-fA-F.:]+(/\\d{1,3})?")) {
          return "'" + id + "' is not an address or a network (10.0.0.0/8)";
        }
      }
      default -> {
        if (id.isEmpty()) {
          return "the " + scheme + " scheme needs an id";
        }
      }
    }
    return null;
  }

  private void add(String path, String message) {
    problems.add(at.problem(path, message));
  }

  private void header(ClusterSpec spec) {
    if (spec.apiVersion() == null) {
      add("apiVersion", "is missing; add `apiVersion: " + ClusterSpec.API_VERSION + "`");
    } else if (!ClusterSpec.API_VERSION.equals(spec.apiVersion())) {
      add("apiVersion", "'" + spec.apiVersion() + "' is not supported; use " + ClusterSpec.API_VERSION);
    }
    if (spec.kind() == null) {
      add("kind", "is missing; add `kind: " + ClusterSpec.KIND + "`");
    } else if (!ClusterSpec.KIND.equals(spec.kind())) {
      add("kind", "'" + spec.kind() + "' is not supported; use " + ClusterSpec.KIND);
    }
    if (spec.name() == null) {
      add("name", "is missing; give the cluster a name such as `name: dev`");
    } else if (!NAME.matcher(spec.name()).matches()) {
      add(
          "name",
          "'"
              + spec.name()
              + "' cannot name Docker resources; use 1-40 lowercase letters, digits and '-', starting and ending"
              + " with a letter or digit");
    }
  }

  private void zookeeper(ZooKeeperSpec zk) {
    if (!ZooKeeperVersions.SUPPORTED.matcher(zk.version()).matches()) {
      add(
          "zookeeper.version",
          "'" + zk.version() + "' is not a supported version; use a 3.8.x or 3.9.x release such as "
              + ZooKeeperVersions.SHIPPED);
    }
    if (!zk.image().isEmpty() && !IMAGE_REF.matcher(zk.image()).matches()) {
      add("zookeeper.image", "'" + zk.image() + "' is not a valid image reference such as zookeeper:3.9");
    }
    int m = zk.members();
    if (m < 1 || m > 7) {
      add("zookeeper.members", m + " is out of range; use 1, 3, 5 or 7");
    } else if (m % 2 == 0) {
      add(
          "zookeeper.members",
          m + " is even; an ensemble of " + m + " tolerates no more failures than " + (m - 1) + " — use " + (m - 1)
              + " or " + (m + 1));
    }
    if (zk.observers() < 0 || zk.observers() > 9) {
      add("zookeeper.observers", zk.observers() + " is out of range; use 0 to 9");
    } else if (zk.observers() > 0 && m == 1) {
      add("zookeeper.observers", "needs a quorum to observe; use 3 or more members, or 0 observers");
    }
    range("zookeeper.tickTime", zk.tickTime(), 50, 60_000, "milliseconds");
    range("zookeeper.initLimit", zk.initLimit(), 1, 1000, "ticks");
    range("zookeeper.syncLimit", zk.syncLimit(), 1, 1000, "ticks");
    if (!HEAP.matcher(zk.heap()).matches()) {
      add("zookeeper.heap", "'" + zk.heap() + "' is not a heap size; write it like 256m or 1g");
    }
    List<String> words = zk.fourLetterWords();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (!w.equals("*") && !FOUR_LETTER_WORDS.contains(w)) {
        add("zookeeper.fourLetterWords[" + i + "]", "'" + w + "' is not a four-letter-word command; known: "
            + new java.util.TreeSet<>(FOUR_LETTER_WORDS));
      }
    }
    if (!words.contains("*") && !(words.contains("srvr") && words.contains("mntr"))) {
      add("zookeeper.fourLetterWords", "must include srvr and mntr; zkorch's quorum checks use them");
    }
    ClientPortSpec port = zk.clientPort();
    if (port.host() != 0 && (port.host() < 1024 || port.host() + zk.size() - 1 > 65535)) {
      add(
          "zookeeper.clientPort.host",
          port.host() + " does not leave room for " + zk.size() + " ports between 1024 and 65535; use 0 to let"
              + " Docker choose");
    }
    if (!IPV4.matcher(port.bind()).matches()) {
      add("zookeeper.clientPort.bind", "'" + port.bind() + "' is not an IPv4 address; use 127.0.0.1");
    }
    for (String key : zk.config().keySet()) {
      String path = "zookeeper.config." + key;
      if (!CONFIG_KEY.matcher(key).matches()) {
        add(path, "is not a zoo.cfg key");
      } else if (RESERVED_CONFIG.contains(key) || key.startsWith("server.")) {
        add(path, "is set by zkorch from the cluster file; remove it (use the zookeeper.* field instead)");
      } else if (zk.config().get(key).matches(".*\\s.*")) {
        add(path, "must not contain whitespace (ZOO_CFG_EXTRA separates entries by spaces)");
      }
    }
  }

  private void range(String path, int value, int min, int max, String unit) {
    if (value < min || value > max) {
      add(path, value + " is out of range; use " + min + " to " + max + " " + unit);
    }
  }

  private void images(ImagesSpec images) {
    if (!IMAGE_REF.matcher(images.base()).matches()) {
      add("images.base", "'" + images.base() + "' is not a valid image reference such as eclipse-temurin:17-jre");
    }
    if (!java.util.Set.of("auto", "true", "false").contains(images.lean())) {
      add("images.lean", "'" + images.lean() + "' is not one of auto, true, false (auto: a lean member image whenever"
          + " a Java runtime can be linked)");
    }
    if (!IMAGE_REF.matcher(images.jdk()).matches()) {
      add("images.jdk", "'" + images.jdk() + "' is not a valid image reference such as " + ImagesSpec.DEFAULT_JDK);
    }
    if (!images.registry().isEmpty() && !registryAddress(images.registry())) {
      add("images.registry", "'" + images.registry() + "' is not a registry address; write it as HOST[:PORT][/PATH],"
          + " such as registry.example:5000 or registry.example:5000/team (no scheme)");
    }
  }

  /** A registry as image references begin: a host with a dot or a port (or localhost), then an optional path. */
  public static boolean registryAddress(String r) {
    int slash = r.indexOf('/');
    String host = slash < 0 ? r : r.substring(0, slash);
    String path = slash < 0 ? "" : r.substring(slash);
    return host.matches("[a-zA-Z0-9.-]+(:[0-9]{1,5})?")
        && (host.contains(".") || host.contains(":") || host.startsWith("localhost"))
        && path.matches("(/[a-z0-9]+([._-][a-z0-9]+)*)*");
  }

  private void apps(ClusterSpec spec) {
    Map<Integer, String> hostPorts = new HashMap<>();
    ZooKeeperSpec zk = spec.zookeeper();
    for (int id = 1; id <= zk.size(); id++) {
      int p = zk.clientPort().hostPortOf(id);
      if (p != 0) {
        hostPorts.put(p, "zk" + id + "'s client port");
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.apps().size(); i++) {
      AppSpec app = spec.apps().get(i);
      String path = "apps[" + i + "]";
      if (app.name() == null) {
        add(path + ".name", "is missing; name the service, such as `name: probe`");
      } else if (!NAME.matcher(app.name()).matches()) {
        add(path + ".name", "'" + app.name() + "' cannot name containers; use lowercase letters, digits and '-'");
      } else if (app.name().matches("zk\\d+")) {
        add(path + ".name", "'" + app.name() + "' is taken by an ensemble member; choose another name");
      } else if (!names.add(app.name())) {
        add(path + ".name", "'" + app.name() + "' is used by another app; app names must be unique");
      }
      if (!app.usesZkorchImage() && !IMAGE_REF.matcher(app.image()).matches()) {
        add(path + ".image", "'" + app.image() + "' is not a valid image reference");
      }
      if (app.user() != null) {
        SecuritySpec.Sasl sasl = zk.security().sasl();
        if (sasl.client() == null) {
          add(path + ".user", "names a SASL user, but zookeeper.security.sasl.client is not set");
        } else if (!sasl.users().containsKey(app.user())) {
          add(path + ".user", "'" + app.user() + "' is not in zookeeper.security.sasl.users " + sasl.users().keySet());
        }
      }
      if (app.replicas() < 1 || app.replicas() > 50) {
        add(path + ".replicas", app.replicas() + " is out of range; use 1 to 50");
      }
      for (String key : app.env().keySet()) {
        if (!ENV_KEY.matcher(key).matches()) {
          add(path + ".env." + key, "is not a valid environment variable name");
        } else if (key.equals("ZK_HOSTS")) {
          add(path + ".env.ZK_HOSTS", "is injected by zkorch with the ensemble's connect string; remove it");
        }
      }
      appPorts(app, path, hostPorts);
    }
  }

  private void scenarios(ClusterSpec spec) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.scenarios().size(); i++) {
      ScenarioSpec s = spec.scenarios().get(i);
      String path = "scenarios[" + i + "]";
      if (!NAME.matcher(s.name()).matches()) {
        add(path + ".name", "'" + s.name() + "' cannot name containers; use lowercase letters, digits and '-'");
      } else if (!names.add(s.name())) {
        add(path + ".name", "'" + s.name() + "' is used by another scenario; scenario names must be unique");
      }
      int min = s.kind().minWorkers();
      if (s.workers() < min || s.workers() > 50) {
        add(path + ".workers", s.workers() + " is out of range; use " + min + " to 50");
      }
      if (s.duration().isZero() || s.duration().toMinutes() > 30) {
        add(path + ".duration", "must be between 1ms and 30m");
      }
      if (s.faults() != null) {
        faults(s, path + ".faults", spec);
      }
      Map<String, String> known = new java.util.HashMap<>(s.kind().params());
      known.put(ScenarioSpec.PER_CONTAINER, "8");
      if (s.image() != null) {
        if (!s.kind().id().equals("register")) {
          add(path + ".image", "your own workers are checked as register workers only for now; use kind: register"
              + " (or remove image to run zkorch's " + s.kind().id() + " workers)");
        } else if (!s.image().matches("[a-z0-9][a-z0-9._/:@-]*")) {
          add(path + ".image", "'" + s.image() + "' is not an image reference; use a name such as my/worker:1");
        }
      }
      for (Map.Entry<String, String> p : s.params().entrySet()) {
        if (p.getKey().equals(ScenarioSpec.IMAGE)) {
          continue;
        }
        String ppath = path + ".params." + p.getKey();
        if (!known.containsKey(p.getKey())) {
          add(ppath, "is not a parameter of " + s.kind().id() + " scenarios; known: " + new java.util.TreeSet<>(
              known.keySet()));
        } else if (s.kind().choices().containsKey(p.getKey())) {
          if (!s.kind().choices().get(p.getKey()).contains(p.getValue())) {
            add(ppath, "'" + p.getValue() + "' must be one of " + s.kind().choices().get(p.getKey()));
          }
        } else if (known.get(p.getKey()).matches("true|false")
            ? !p.getValue().matches("true|false") : !p.getValue().matches("\\d{1,6}")) {
          add(ppath, "'" + p.getValue() + "' must be " + (known.get(p.getKey()).matches("true|false")
              ? "true or false" : "a whole number"));
        }
      }
    }
  }

  private void faults(ScenarioSpec s, String path, ClusterSpec spec) {
    FaultsSpec f = s.faults();
    if (f.schedule().isEmpty()) {
      add(path + ".schedule", "is missing or empty; list faults such as [kill-leader, partition-member]");
    }
    java.util.List<io.zkorch.spec.Fault> parsed = new ArrayList<>();
    for (int j = 0; j < f.schedule().size(); j++) {
      try {
        io.zkorch.spec.Fault fault = io.zkorch.spec.Fault.parse(f.schedule().get(j));
        parsed.add(fault);
        if (fault.target() == io.zkorch.spec.Fault.Target.HOLDER && !s.kind().hasHolder()) {
          add(path + ".schedule[" + j + "]", "'" + fault.id() + "' applies to lock scenarios only (the holder is"
              + " the lock's); use " + fault.action().id() + "-worker");
        }
        if (fault.target() == io.zkorch.spec.Fault.Target.NAMED && fault.named().matches("zk\\d+")
            && Integer.parseInt(fault.named().substring(2)) > spec.zookeeper().size()) {
          add(path + ".schedule[" + j + "]", "'" + fault.named() + "' is not a member; the ensemble has zk1 to zk"
              + spec.zookeeper().size());
        }
      } catch (IllegalArgumentException e) {
        add(path + ".schedule[" + j + "]", e.getMessage());
      }
    }
    java.time.Duration interval = f.intervalOrDefault();
    if (interval.toMillis() < 1000) {
      add(path + ".interval", "must be at least 1s (a fault needs time to take effect and to heal)");
    }
    if (f.hold() != null && f.hold().compareTo(interval) >= 0) {
      add(path + ".for", "must be shorter than the interval (" + interval.toMillis() / 1000.0 + "s), so that each"
          + " fault heals before the next");
    }
    if (interval.compareTo(s.duration()) >= 0) {
      add(path + ".interval", "is not shorter than the scenario's duration, so no fault would happen; lengthen"
          + " duration or shorten the interval");
    }
    boolean hitsWorkers = parsed.stream().anyMatch(io.zkorch.spec.Fault::hitsWorker);
    if (hitsWorkers && s.hasParam("perContainer") && !"1".equals(s.param("perContainer"))) {
      add(path, "faults against workers need each worker in its own container; set params.perContainer to 1"
          + " or leave it out");
    }
  }

  private void appPorts(AppSpec app, String path, Map<Integer, String> hostPorts) {
    for (int j = 0; j < app.ports().size(); j++) {
      String portPath = path + ".ports[" + j + "]";
      var m = PORT_MAPPING.matcher(app.ports().get(j));
      if (!m.matches()) {
        add(portPath, "'" + app.ports().get(j) + "' is not HOST:CONTAINER, such as 8080:8080");
        continue;
      }
      int host = Integer.parseInt(m.group(1));
      int container = Integer.parseInt(m.group(2));
      if (host < 1024 || host > 65535 || container < 1 || container > 65535) {
        add(portPath, "ports must be 1024-65535 on the host and 1-65535 in the container");
        continue;
      }
      if (app.replicas() != null && app.replicas() > 1) {
        add(portPath, "host port " + host + " cannot be published by " + app.replicas()
            + " replicas; use 1 replica or drop the host port");
      }
      String owner = hostPorts.putIfAbsent(host, app.name() + "'s port " + container);
      if (owner != null) {
        add(portPath, "host port " + host + " clashes with " + owner + "; choose another");
      }
    }
  }
}
