package io.zkorch.cli;

import io.zkorch.image.BaseImage;
import io.zkorch.runtime.docker.DockerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true, description = "Images zkorch builds.",
    subcommands = ImageCommand.Base.class)
final class ImageCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "base", mixinStandardHelpOptions = true,
      description = "Build a JRE 17 base image from Debian packages, with no container registry (debootstrap,"
          + " then import). Needs root and debootstrap or mmdebstrap.")
  static final class Base implements Callable<Integer> {

    @Spec CommandSpec command;

    @Option(names = "--tag", defaultValue = BaseImage.DEFAULT_TAG, description = "Image tag (default: ${DEFAULT-VALUE}).")
    String tag;

    @Option(names = "--mirror", defaultValue = BaseImage.DEFAULT_MIRROR,
        description = "Debian mirror (default: ${DEFAULT-VALUE}).")
    String mirror;

    @Option(names = "--force", description = "Rebuild even when the tag exists.")
    boolean force;

    @Override
    public Integer call() {
      try (DockerRuntime docker = Context.docker()) {
        boolean built = new BaseImage(docker.client(), Context.progress(command)).build(tag, mirror, force);
        System.out.println((built ? "Built " : "Present: ") + tag + ". Use it with images.base: " + tag
            + " in the cluster file, or export ZKORCH_BASE_IMAGE=" + tag + ".");
      }
      return 0;
    }
  }
}
