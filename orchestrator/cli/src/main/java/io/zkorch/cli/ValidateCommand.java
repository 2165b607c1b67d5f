package io.zkorch.cli;

import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
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
    Topology t = Topology.of(spec);
    System.out.println(specFile.file() + " is valid: cluster " + spec.name() + ", " + spec.zookeeper().members()
        + " members" + (spec.zookeeper().observers() > 0 ? " + " + spec.zookeeper().observers() + " observers" : "")
        + " (ZooKeeper " + spec.zookeeper().version() + "), " + t.apps().size() + " app containers.");
    return 0;
  }
}
