package io.zkorch.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.zkorch.ZkorchException;
import io.zkorch.kubernetes.KubernetesLint;
import io.zkorch.kubernetes.KubernetesRenderer;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zkorch render kubernetes}: the cluster as Kubernetes manifests. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Render the cluster for another platform.",
    subcommands = {RenderCommand.Kubernetes.class})
final class RenderCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "kubernetes", aliases = "k8s", mixinStandardHelpOptions = true,
      description = "Kubernetes manifests (fabric8's model): a StatefulSet of members (Parallel, myid from the"
          + " ordinal, readiness = serving in a quorum), headless and client Services, a PodDisruptionBudget, a"
          + " ConfigMap, a Deployment per app with ZK_HOSTS and a Job per scenario worker; checked by zkorch's lint"
          + " before anything is written. Standard output (for `| kubectl apply -f -`) or one file per object.")
  static final class Kubernetes implements Callable<Integer> {

    @Mixin SpecFile specFile;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
        description = "Write one file per object into this directory (created; files zkorch did not write are left"
            + " alone) instead of one stream on standard output.")
    Path output;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "",
        description = "Namespace of every object (default: none, kubectl's current one).")
    String namespace;

    @Option(names = "--registry", paramLabel = "HOST[/PATH]", defaultValue = "",
        description = "Prefix zkorch's image names with this registry (push them there first). Default: the cluster"
            + " file's images.registry.")
    String registry;

    @Option(names = "--storage", paramLabel = "SIZE", defaultValue = "1Gi",
        description = "Size of each member's data and log volume claims (default: ${DEFAULT-VALUE}).")
    String storage;

    @Override
    public Integer call() throws IOException {
      ClusterSpec spec = specFile.load();
      if (!namespace.isEmpty() && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw ZkorchException.usage("--namespace " + namespace + " is not a Kubernetes namespace name (lower-case"
            + " letters, digits and -, at most 63).");
      }
      if (!registry.isEmpty() && !io.zkorch.spec.SpecValidator.registryAddress(registry)) {
        throw ZkorchException.usage("--registry " + registry + " is not a registry address; write it as"
            + " HOST[:PORT][/PATH], such as registry.example:5000 (no scheme).");
      }
      if (!storage.matches("\\d+(Ki|Mi|Gi|Ti)")) {
        throw ZkorchException.usage("--storage " + storage + " is not a size Kubernetes reads here; write it like"
            + " 1Gi or 500Mi.");
      }
      KubernetesRenderer renderer = new KubernetesRenderer(Topology.of(spec),
          new KubernetesRenderer.Options(namespace, registry.isEmpty() ? spec.images().registry() : registry, storage));
      List<HasMetadata> objects = renderer.objects();
      List<String> problems = KubernetesLint.check(objects);
      if (!problems.isEmpty()) {
        throw ZkorchException.failure("The manifests failed zkorch's lint (a zkorch bug; nothing was written):\n  "
            + String.join("\n  ", problems));
      }
      String header = KubernetesRenderer.header(spec, specFile.file().toString());
      if (output == null) {
        System.out.print(KubernetesRenderer.yaml(objects, header));
        return 0;
      }
      Files.createDirectories(output);
      int i = 0;
      for (HasMetadata o : objects) {
        Path file = output.resolve(String.format("%02d-%s-%s.yaml", i++, o.getKind().toLowerCase(Locale.ROOT),
            o.getMetadata().getName()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, header + KubernetesRenderer.yaml(o));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      System.err.println("Wrote " + objects.size() + " manifests to " + output + " (apply them: kubectl apply -f "
          + output + ")");
      return 0;
    }
  }
}
