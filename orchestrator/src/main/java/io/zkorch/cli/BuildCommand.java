package io.zkorch.cli;

import io.zkorch.image.ImageBuilder;
import io.zkorch.image.Images;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.docker.DockerRuntime;
import io.zkorch.spec.ClusterSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build the member image and the app image (content-addressed: an unchanged context is not rebuilt).")
final class BuildCommand implements Callable<Integer> {

  @Mixin SpecFile specFile;
  @Spec CommandSpec command;

  @Override
  public Integer call() {
    ClusterSpec spec = specFile.load();
    Progress progress = Context.progress(command);
    try (DockerRuntime docker = Context.docker()) {
      Images images = new Images(docker.client(), progress);
      if (spec.zookeeper().image().isEmpty()) {
        ImageBuilder.Result member = images.buildMember(spec);
        System.out.println(member.friendly() + " = " + member.reference());
      } else {
        System.out.println("zookeeper.image is " + spec.zookeeper().image() + "; no member image to build.");
      }
      if (spec.apps().stream().anyMatch(a -> a.usesZkorchImage())) {
        ImageBuilder.Result app = images.buildApp(spec);
        System.out.println(app.friendly() + " = " + app.reference());
      }
    }
    return 0;
  }
}
