package io.zkorch.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import java.io.IOException;
import java.io.InputStream;

/**
 * Copies an image from one engine to another through the engines' own archive format ({@code docker save | docker
 * load}), as {@code kind load docker-image} does: how an engine elsewhere (Docker-in-Docker, a remote host) gets an
 * image that only this machine's engine has, with no registry in between.
 */
public final class ImageTransfer {

  private final DockerClient from;
  private final DockerClient to;
  private final String target;
  private final Progress progress;

  /**
   * @param from the engine that has the image (this machine's)
   * @param to the engine that lacks it
   * @param target how to name the receiving engine in messages (tcp://docker:2375)
   */
  public ImageTransfer(DockerClient from, DockerClient to, String target, Progress progress) {
    this.from = java.util.Objects.requireNonNull(from, "from");
    this.to = java.util.Objects.requireNonNull(to, "to");
    this.target = target;
    this.progress = progress;
  }

  /** Whether the source engine has {@code image}. */
  public boolean sourceHas(String image) {
    return present(from, image);
  }

  /** Whether the receiving engine has {@code image}. */
  public boolean targetHas(String image) {
    return present(to, image);
  }

  /** Whether {@code docker}'s engine has {@code image}. */
  public static boolean present(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Copies {@code image} unless the receiving engine has it already (the same id); returns whether it copied.
   * A missing source image is a usage error naming it.
   */
  public boolean load(String image) {
    String sourceId;
    try {
      sourceId = from.inspectImageCmd(image).exec().getId();
    } catch (NotFoundException e) {
      throw ZkorchException.usage("The image " + image + " is not on this machine's Docker engine, so it cannot be"
          + " loaded into " + target + "; build or pull it here first (`docker images` lists what is here).");
    }
    try {
      if (sourceId.equals(to.inspectImageCmd(image).exec().getId())) {
        progress.start("Image " + image).ok("already on " + target);
        return false;
      }
    } catch (NotFoundException absent) {
      // copied below
    }
    Progress.Step step = progress.start("Loading image " + image + " into " + target + " (from this machine's engine)");
    long t0 = System.nanoTime();
    try (InputStream archive = from.saveImageCmd(image).exec()) {
      to.loadImageCmd(archive).exec();
    } catch (IOException | RuntimeException e) {
      step.fail(String.valueOf(e.getMessage()));
      throw ZkorchException.environment("Loading " + image + " into " + target + " failed: " + e.getMessage(), e);
    }
    if (!present(to, image)) {
      step.fail("the engine took the archive but has no " + image);
      throw ZkorchException.environment(target + " took the archive of " + image + " but does not list the image.",
          null);
    }
    step.ok(String.format("%.1f s", (System.nanoTime() - t0) / 1e9));
    return true;
  }
}
