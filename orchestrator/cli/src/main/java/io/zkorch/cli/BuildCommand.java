package io.zkorch.cli;

import io.zkorch.image.ImageBuilder;
import io.zkorch.image.Images;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.docker.DockerProvider;
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
    try (DockerProvider docker = Context.docker()) {
      Images images = docker.images(progress);
      var app = java.util.concurrent.CompletableFuture.supplyAsync(() ->
          spec.apps().stream().anyMatch(a -> a.usesZkorchImage()) ? images.buildApp(spec) : null);
      if (spec.zookeeper().image().isEmpty()) {
        ImageBuilder.Result member = images.buildMember(spec);
        System.out.println(member.friendly() + " = " + member.reference());
      } else {
        System.out.println("zookeeper.image is " + spec.zookeeper().image() + "; no member image to build.");
      }
      ImageBuilder.Result built;
      try {
        built = app.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      if (built != null) {
        System.out.println(built.friendly() + " = " + built.reference());
      }
    }
    return 0;
  }
}
