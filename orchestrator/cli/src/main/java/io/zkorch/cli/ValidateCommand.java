package io.zkorch.cli;

import io.zkorch.spec.ClusterSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a cluster file: every problem at once, each with its YAML path, line and the fix.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin SpecFile specFile;

  @Override
  public Integer call() {
    ClusterSpec spec = specFile.load();
    int apps = spec.apps().stream().mapToInt(a -> a.replicas()).sum();
    System.out.println(specFile.file() + " is valid: cluster " + spec.name() + ", " + spec.zookeeper().members()
        + " members" + (spec.zookeeper().observers() > 0 ? " + " + spec.zookeeper().observers() + " observers" : "")
        + " (ZooKeeper " + spec.zookeeper().version() + "), " + apps + " app containers"
        + (spec.zookeeper().security().enabled() ? ", security: " + security(spec.zookeeper().security()) : "")
        + ".");
    return 0;
  }

  /** "TLS (client, quorum), SASL digest (2 users), 1 ACL". */
  static String security(io.zkorch.spec.SecuritySpec s) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (s.tls().client() || s.tls().quorum()) {
      parts.add("TLS (" + (s.tls().client() ? "client" + (s.tls().quorum() ? ", " : "") : "")
          + (s.tls().quorum() ? "quorum" : "") + ")");
    }
    if (s.sasl().enabled()) {
      parts.add("SASL " + (s.sasl().client() == null ? "" : s.sasl().client() + " ")
          + (s.sasl().quorum() ? "+ quorum " : "") + "(" + s.sasl().users().size() + " users)");
    }
    if (!s.acl().isEmpty()) {
      parts.add(s.acl().size() + " ACL" + (s.acl().size() == 1 ? "" : "s"));
    }
    return String.join(", ", parts);
  }
}
