package io.zkorch.cli;

import io.zkorch.image.BaseImage;
import io.zkorch.runtime.docker.DockerProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true, description = "Images zkorch builds.",
    subcommands = {ImageCommand.Base.class, ImageCommand.Nemesis.class, ImageCommand.Jdk.class, ImageCommand.Load.class})
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
      try (DockerProvider docker = Context.docker()) {
        boolean built = new BaseImage(docker.client(), Context.progress(command)).build(tag, mirror, force);
        System.out.println((built ? "Built " : "Present: ") + tag + ". Use it with images.base: " + tag
            + " in the cluster file, or export ZKORCH_BASE_IMAGE=" + tag + ".");
        // the lean path: member images take only the C library and a few tools from this base
        var plan = new io.zkorch.image.Images(docker.client(), Context.progress(command))
            .plan(new io.zkorch.spec.ImagesSpec(tag));
        System.out.println("Member images built on it: " + plan.describe() + ".");
      }
      return 0;
    }
  }

  @Command(name = "nemesis", mixinStandardHelpOptions = true,
      description = "Build the network-fault helper image (iptables, iproute2) from Debian packages, with no"
          + " container registry. Partitions on a swarm run it for a moment in the member's network namespace, so"
          + " member images need no network tools. Needs root and debootstrap or mmdebstrap.")
  static final class Nemesis implements Callable<Integer> {

    @Spec CommandSpec command;
    @picocli.CommandLine.Mixin DebianImage debian;

    @Override
    public Integer call() {
      debian.build(command, BaseImage.Kind.NEMESIS, "Swarm partitions load it onto the member's node when they need"
          + " it.");
      return 0;
    }
  }

  @Command(name = "jdk", mixinStandardHelpOptions = true,
      description = "Build a JDK 25 image from Debian trixie's packages, with no container registry: on a machine"
          + " without a JDK 21 or later, name it as images.jdk and lean member images link their Java runtime inside"
          + " it. Needs root and debootstrap or mmdebstrap.")
  static final class Jdk implements Callable<Integer> {

    @Spec CommandSpec command;
    @picocli.CommandLine.Mixin DebianImage debian;

    @Override
    public Integer call() {
      debian.build(command, BaseImage.Kind.JDK, "Name it in the cluster file (images: {jdk: " + BaseImage.Kind.JDK.tag
          + "}); without a local JDK 21 or later (or with ZKORCH_JDK=none) lean member images link their runtime"
          + " inside it.");
      return 0;
    }
  }

  /** The options and the build of an image made from Debian packages with a fixed tag (nemesis, jdk). */
  static final class DebianImage {

    @Option(names = "--mirror", defaultValue = BaseImage.DEFAULT_MIRROR,
        description = "Debian mirror (default: ${DEFAULT-VALUE}).")
    String mirror;

    @Option(names = "--force", description = "Rebuild even when the image exists.")
    boolean force;

    void build(CommandSpec command, BaseImage.Kind kind, String use) {
      try (DockerProvider docker = Context.docker()) {
        boolean built = new BaseImage(docker.client(), Context.progress(command), kind).build(kind.tag, mirror, force);
        System.out.println((built ? "Built " : "Present: ") + kind.tag + ". " + use);
      }
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Copy images from this machine's Docker engine (its socket) into the engine DOCKER_HOST names"
          + " (Docker-in-Docker, a remote host), as `docker save | docker -H … load` would; images it already has"
          + " (the same id) are skipped. `up` and `build` do this by themselves for the base image.")
  static final class Load implements Callable<Integer> {

    @Spec CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to copy, such as zkorch/base:bookworm-jre17.")
    java.util.List<String> images;

    @Override
    public Integer call() {
      String target = DockerClients.endpoint();
      var local = DockerClients.localEngine().orElseThrow(() -> io.zkorch.ZkorchException.usage(
          target.startsWith("unix://")
              ? "DOCKER_HOST names this machine's own engine (" + target + "), so there is nothing to load; point"
                  + " DOCKER_HOST at the engine that needs the images (tcp://HOST:2375)."
              : "This machine's Docker engine does not answer at /var/run/docker.sock, so there is nothing to load"
                  + " from; run `zkorch image load` where the images are."));
      try (DockerProvider docker = Context.docker()) {
        io.zkorch.image.ImageTransfer transfer = new io.zkorch.image.ImageTransfer(local, docker.client(), target,
            Context.progress(command));
        int copied = 0;
        for (String image : images) {
          copied += transfer.load(image) ? 1 : 0;
        }
        System.out.println("Loaded " + copied + " of " + images.size() + " image(s) into " + target + ".");
      } finally {
        try {
          local.close();
        } catch (java.io.IOException ignored) {
          // closing a connection pool
        }
      }
      return 0;
    }
  }
}
