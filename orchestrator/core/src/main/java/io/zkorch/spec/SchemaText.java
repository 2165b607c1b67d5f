package io.zkorch.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of cluster.yaml's JSON Schema: a description per key path (editors show them on hover), and the shape
 * of {@code data:}, whose keys are znode paths rather than fixed names. The keys and types themselves come from
 * {@link SpecLoader#jsonSchema()}.
 */
final class SchemaText {

  private SchemaText() {}

  private static final String DURATION = " A duration: 500ms, 10s, 2m.";

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry("apiVersion", "Always " + ClusterSpec.API_VERSION + "."),
      Map.entry("kind", "Always " + ClusterSpec.KIND + "."),
      Map.entry("name", "The cluster's name: containers (dev-zk1), the network (zkorch-dev) and volumes are named"
          + " and labelled with it. Lower-case letters, digits and dashes."),
      Map.entry("zookeeper", "The ensemble."),
      Map.entry("zookeeper.version", "The ZooKeeper release members run: 3.8.x or 3.9.x."),
      Map.entry("zookeeper.image", "Run this image (one that follows the official zookeeper image's environment"
          + " contract) instead of building one."),
      Map.entry("zookeeper.members", "Voting members: 1, 3, 5 or 7."),
      Map.entry("zookeeper.observers", "Non-voting observers, added after the voters."),
      Map.entry("zookeeper.tickTime", "ZooKeeper's tick in milliseconds."),
      Map.entry("zookeeper.initLimit", "Ticks a follower may take to connect to and sync with the leader."),
      Map.entry("zookeeper.syncLimit", "Ticks a follower may fall behind the leader."),
      Map.entry("zookeeper.heap", "Each member's JVM heap, such as 256m."),
      Map.entry("zookeeper.fourLetterWords", "Four-letter-word commands members answer; zkorch needs srvr and mntr."),
      Map.entry("zookeeper.storage", "volume (named volumes, kept by down unless --volumes) or tmpfs (memory)."),
      Map.entry("zookeeper.clientPort", "Where members' client ports are published on the host."),
      Map.entry("zookeeper.clientPort.host", "zk1's host port; zk2 gets the next, and so on. 0 lets Docker choose."),
      Map.entry("zookeeper.clientPort.bind", "The host address ports are bound to, such as 127.0.0.1."),
      Map.entry("zookeeper.config", "Extra zoo.cfg entries, as strings."),
      Map.entry("zookeeper.profile", "Timing defaults: default (ZooKeeper's) or fast-failover."),
      Map.entry("zookeeper.security", "TLS, SASL and ACLs of a secure ensemble."),
      Map.entry("zookeeper.security.tls", "TLS for clients (a secure client port) and between members."),
      Map.entry("zookeeper.security.tls.client", "A secure client port; the plaintext one is closed unless"
          + " plaintext: true."),
      Map.entry("zookeeper.security.tls.quorum", "TLS between members (sslQuorum)."),
      Map.entry("zookeeper.security.tls.clientAuth", "need, want or none: whether members ask TLS clients for a"
          + " certificate."),
      Map.entry("zookeeper.security.tls.plaintext", "Keep the plaintext client port open beside the TLS one."),
      Map.entry("zookeeper.security.sasl", "SASL authentication for clients and between members."),
      Map.entry("zookeeper.security.sasl.client", "digest: DIGEST-MD5 users; sessions must authenticate."),
      Map.entry("zookeeper.security.sasl.quorum", "SASL between members (quorum.auth.*)."),
      Map.entry("zookeeper.security.sasl.users", "User to password: ${ENV_VAR}, or generated."),
      Map.entry("zookeeper.security.acl", "ACLs applied once the quorum is proven, before apps start."),
      Map.entry("zookeeper.security.acl[].path", "The znode."),
      Map.entry("zookeeper.security.acl[].grants", "scheme:id:perms, such as sasl:app:cdrwa or world:anyone:r."),
      Map.entry("images", "How images are built."),
      Map.entry("images.base", "What the member and app images are built FROM (Java 17 and bash)."),
      Map.entry("images.registry", "Push what zkorch builds here (swarm, Kubernetes)."),
      Map.entry("images.lean", "auto (default), true or false: a jlinked member image FROM scratch."),
      Map.entry("images.jdk", "The JDK image a builder stage links the lean runtime in."),
      Map.entry("apps", "Application services; each container gets ZK_HOSTS once the quorum is proven."),
      Map.entry("apps[].name", "The service name."),
      Map.entry("apps[].image", "The app's image (default: zkorch's own app image)."),
      Map.entry("apps[].replicas", "How many containers."),
      Map.entry("apps[].command", "The command, as a list."),
      Map.entry("apps[].env", "Extra environment; ZK_HOSTS is injected."),
      Map.entry("apps[].ports", "Published ports, as compose writes them (8080:8080)."),
      Map.entry("apps[].user", "The SASL user its containers log in as (default: the first of"
          + " zookeeper.security.sasl.users by name)."),
      Map.entry("scenarios", "Scenarios `zkorch run all` runs."),
      Map.entry("scenarios[].name", "The scenario's name in reports."),
      Map.entry("scenarios[].image", "Bring your own worker: an image whose containers get ZK_HOSTS and ZKORCH_*"
          + " variables and print records in zkorch's JSON-lines format (register scenarios; Docker)."),
      Map.entry("scenarios[].kind", "The coordination recipe under test."),
      Map.entry("scenarios[].workers", "Workers (1 to 50)."),
      Map.entry("scenarios[].duration", "How long the workers work." + DURATION),
      Map.entry("scenarios[].params", "Parameters of the kind, as strings (such as updates, holdMs)."),
      Map.entry("scenarios[].faults", "Faults injected while the scenario runs."),
      Map.entry("scenarios[].faults.schedule", "ACTION-TARGET in turn: kill-leader, pause-holder, partition-zk2..."),
      Map.entry("scenarios[].faults.interval", "Time between faults." + DURATION),
      Map.entry("scenarios[].faults.for", "How long each fault lasts." + DURATION),
      Map.entry("scenarios[].faults.seed", "Chooses among equal fault targets."),
      Map.entry("data", "Znodes seeded once the quorum is proven and before apps start: absolute paths to a value"
          + " (text), or to {value}, {file} (relative to this file) or {base64}."));

  static String describe(String path) {
    return DESCRIPTIONS.get(path);
  }

  /** A map in the order given (Map.of's order changes from run to run; the schema file must not). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** {@code data:}: znode paths (absolute, not under /zookeeper) to a text value or one of value, file, base64. */
  static Map<String, Object> dataSchema() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", "object");
    value.put("properties", ordered(
        "value", ordered("description", "The value as UTF-8 text.", "type", "string"),
        "file", ordered("description", "A file whose bytes are the value, relative to the cluster file.", "type",
            "string"),
        "base64", ordered("description", "The value's bytes in base64 (binary values).", "type", "string")));
    value.put("additionalProperties", false);
    value.put("minProperties", 1);
    value.put("maxProperties", 1);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("description", describe("data"));
    data.put("type", "object");
    data.put("propertyNames", Map.of("pattern", "^/(?!zookeeper(/|$))[^/]+(/[^/]+)*$"));
    data.put("additionalProperties", Map.of("oneOf", List.of(
        Map.of("type", List.of("string", "number", "boolean", "null")), value)));
    return data;
  }
}
