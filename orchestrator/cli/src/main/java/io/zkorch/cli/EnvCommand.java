package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "env", mixinStandardHelpOptions = true,
    description = {"Print a cluster's client settings for scripts: eval \"$(zkorch env dev)\" sets ZK_HOSTS (and"
        + " ZKORCH_CLUSTER, so later zkorch commands name it).",
        "Exit 1 when no member of the cluster runs."})
final class EnvCommand implements Callable<Integer> {

  /** The formats. */
  enum Format { shell, dotenv, json }

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "The cluster (or --name, -f FILE, $ZKORCH_CLUSTER, ./cluster.yaml, else the only one).")
  String name;

  @Option(names = "--internal",
      description = "The connect string containers on the cluster's network use (zk1:2181,...), not this host's.")
  boolean internal;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "shell",
      description = "shell (export lines, the default), dotenv (KEY=value, for docker --env-file and CI) or json.")
  Format format = Format.shell;

  @Mixin ClusterRef ref;
  @Mixin RuntimeOption runtime;

  @Option(names = "--user", paramLabel = "USER", description = "On a cluster whose clients log in: the SASL user"
      + " whose login ZK_JAAS_CONFIG holds (default: the first of sasl.users, as app containers).")
  String user;

  @Override
  public Integer call() {
    String cluster = ref.resolve(name, runtime::all);
    try (Provider rt = runtime.open(cluster)) {
      ClusterState state = ClusterRef.existing(rt, cluster);
      String host = ClusterManager.connectString(state);
      String hosts = internal ? Documents.internal(rt.name(), state, host) : host;
      if (hosts == null || hosts.isEmpty()) {
        throw ZkorchException.failure("No member of " + cluster + " runs, so there is no connect string; `zkorch"
            + " status " + cluster + "` says why.");
      }
      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("ZK_HOSTS", hosts);
      vars.put("ZKORCH_CLUSTER", cluster);
      var secrets = io.zkorch.security.ClusterSecrets.of(cluster);
      if (secrets.isPresent() && secrets.get().security().clientFilesNeeded()) {
        // a secure cluster: the client settings (and login) a client needs, for the host or inside the network
        if (internal) {
          vars.putAll(io.zkorch.topology.Topology.clientSecretsEnv(secrets.get().security()));
        } else {
          vars.putAll(secrets.get().hostClientFiles(user));
        }
      } else if (user != null) {
        throw ZkorchException.usage("--user: " + cluster + "'s clients do not log in; leave it out.");
      }
      System.out.print(render(vars, format));
      return 0;
    }
  }

  static String render(Map<String, String> vars, Format format) {
    StringBuilder out = new StringBuilder();
    switch (format) {
      case json -> {
        Map<String, Object> doc = new LinkedHashMap<>(vars);
        return OutputOption.render(doc, OutputOption.Format.json);
      }
      case dotenv -> vars.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      default -> vars.forEach((k, v) -> out.append("export ").append(k).append('=').append(shellQuote(v))
          .append('\n'));
    }
    return out.toString();
  }

  /** Single quotes unless the value is plainly safe (host:port lists are). */
  static String shellQuote(String v) {
    if (v.matches("[A-Za-z0-9_.,:/@%+=-]+")) {
      return v;
    }
    return "'" + v.replace("'", "'\\''") + "'";
  }
}
