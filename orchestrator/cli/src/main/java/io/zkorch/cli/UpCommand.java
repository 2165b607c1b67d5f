package io.zkorch.cli;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Boot the cluster: images, network, volumes, members in parallel, wait for a healthy quorum, apps.")
final class UpCommand implements Callable<Integer> {

  @Mixin SpecFile specFile;
  @Mixin RuntimeOption runtime;
  @Mixin OutputOption output;
  @Spec CommandSpec command;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
      description = "How long to wait for a healthy quorum (default: ${DEFAULT-VALUE}); 0 does not wait.")
  Duration wait;

  @Option(names = "--retain", description = "Keep the cluster when it fails to come up, for debugging.")
  boolean retain;

  @Override
  public Integer call() {
    ClusterSpec spec = specFile.load();
    Progress progress = Context.progress(command);
    long start = System.nanoTime();
    try (Provider runtime = this.runtime.open(spec.name())) {
      ClusterManager manager = new ClusterManager(runtime, progress);
      ClusterStatus status =
          manager.up(spec, new ClusterManager.UpOptions(wait, retain, Duration.ofMillis(50)));
      System.err.printf("Cluster %s is up in %.1fs.%n", spec.name(), (System.nanoTime() - start) / 1e9);
      manager.lastBoot().ifPresent(t -> System.err.println("Where the time went: " + t.summary()));
      String remove = "Remove it: zkorch down " + spec.name() + (runtime.name().equals("local") ? "" : " --volumes");
      if (output.text()) {
        System.out.print(StatusView.render(status));
        System.out.println(remove);
      } else {
        java.util.Map<String, Object> doc = Documents.status(runtime.name(), status);
        doc.put("bootSeconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        manager.lastBoot().ifPresent(t -> doc.put("boot", t.json()));
        output.print(doc);
        System.err.println(remove);
      }
    }
    return 0;
  }
}
