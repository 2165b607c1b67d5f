package io.zkorch.cli;

import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
    description = "List the clusters: local ones (under ~/.zkorch), those on the Docker engine and, when it is a swarm"
        + " manager, those on the swarm (by label).")
final class LsCommand implements Callable<Integer> {

  @Option(names = {"-q", "--quiet"}, description = "Print only the names.")
  boolean quiet;

  @picocli.CommandLine.Mixin RuntimeOption runtime;
  @picocli.CommandLine.Mixin OutputOption output;

  @Override
  public Integer call() {
    Table t = new Table("NAME", "RUNTIME", "STATE", "MEMBERS", "APPS", "VOLUMES");
    int found = 0;
    List<Documents.Listed> listed = new java.util.ArrayList<>();
    for (Provider r : runtime.all()) {
      try (r) {
        for (ClusterState c : r.list()) {
          found++;
          listed.add(new Documents.Listed(r.name(), c));
          if (!output.text()) {
            continue;
          }
          if (quiet) {
            System.out.println(c.name());
            continue;
          }
          long running = c.members().stream().filter(Node::running).count();
          t.row(c.name(), r.name(), c.summary(), running + "/" + c.members().size(), c.apps().size(),
              c.volumes().size());
        }
      }
    }
    if (!output.text()) {
      output.print(Documents.list(listed));
    } else if (!quiet) {
      System.out.print(found == 0 ? "No zkorch clusters.\n" : t.render());
    }
    return 0;
  }
}
