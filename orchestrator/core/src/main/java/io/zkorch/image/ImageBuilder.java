package io.zkorch.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.topology.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image from a {@link BuildContext} unless an image with the context's hash already exists; tags it both
 * by hash ({@code repo:tag-<hash>}) and by a friendly tag ({@code repo:tag}) that compose files refer to.
 */
public final class ImageBuilder {

  /**
   * An image ready to run.
   *
   * @param reference the content-addressed reference
   * @param friendly the friendly reference, pointing at the same image
   * @param id the image id
   * @param built whether this call built it (false: it was already there)
   */
  public record Result(String reference, String friendly, String id, boolean built) {}

  private final DockerClient docker;
  private final Progress progress;
  private ImageTransfer source;

  /** Base images this engine lacks are loaded from {@code source}'s engine when it has them (before any pull). */
  public ImageBuilder withSource(ImageTransfer transfer) {
    this.source = transfer;
    return this;
  }

  /** Where missing images may come from (this machine's engine, when the target is elsewhere), if anywhere. */
  public Optional<ImageTransfer> source() {
    return Optional.ofNullable(source);
  }

  public ImageBuilder(DockerClient docker, Progress progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /** Builds (or reuses) {@code repository:tag} from {@code context}. */
  public Result ensure(String title, BuildContext context, String repository, String tag) {
    String hash = context.hash();
    String reference = repository + ":" + tag + "-" + hash;
    String friendly = repository + ":" + tag;
    Progress.Step step = progress.start(title);
    Optional<InspectImageResponse> existing = inspect(reference);
    if (existing.isPresent()) {
      String id = existing.get().getId();
      Optional<InspectImageResponse> current = inspect(friendly);
      if (current.isEmpty() || !current.get().getId().equals(id)) {
        docker.tagImageCmd(id, repository, tag).withForce().exec();
      }
      step.ok("unchanged, " + reference);
      return new Result(reference, friendly, id, false);
    }
    String base = context.buildArgs().get("BASE_IMAGE");
    if (base != null) {
      ensureBase(base);
    }
    java.nio.file.Path tar = writeTar(context);
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(tar)) {
      String id = build(context, in, reference, friendly, hash, step);
      removeOlderBuilds(repository, tag, reference);
      step.ok("built " + reference);
      return new Result(reference, friendly, id, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(tar);
      } catch (java.io.IOException ignored) {
        // a temp file; the OS cleans it
      }
    }
  }

  private static java.nio.file.Path writeTar(BuildContext context) {
    try {
      java.nio.file.Path tar = java.nio.file.Files.createTempFile("zkorch-context-", ".tar");
      try (java.io.OutputStream out =
          new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tar), 1 << 16)) {
        context.writeTar(out);
      }
      return tar;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String build(
      BuildContext context, java.io.InputStream tar, String reference, String friendly, String hash,
      Progress.Step step) {
    BuildImageCmd cmd =
        docker
            .buildImageCmd(tar)
            .withTags(Set.of(reference, friendly))
            .withLabels(Map.of(Labels.ROLE, Labels.ROLE_IMAGE, Labels.CONTEXT_HASH, hash))
            .withPull(false)
            .withRemove(true)
            .withForcerm(true);
    context.buildArgs().forEach(cmd::withBuildArg);
    String id;
    java.util.Deque<String> tail = new java.util.ArrayDeque<>();
    try {
      id =
          cmd.exec(
                  new BuildImageResultCallback() {
                    @Override
                    public void onNext(BuildResponseItem item) {
                      if (item.getStream() != null && !item.getStream().isBlank()) {
                        String line = item.getStream().stripTrailing();
                        progress.detail(line);
                        synchronized (tail) { // what a failing step printed last, for the error
                          if (!line.startsWith(" ---> ") && !line.startsWith("Step ")) {
                            tail.addLast(line.strip());
                            if (tail.size() > 3) {
                              tail.removeFirst();
                            }
                          }
                        }
                      }
                      super.onNext(item);
                    }
                  })
              .awaitImageId(15, TimeUnit.MINUTES);
    } catch (DockerClientException e) {
      step.fail(e.getMessage());
      String printed;
      synchronized (tail) {
        printed = tail.stream().filter(l -> !l.isEmpty() && !l.startsWith("Removing intermediate")
            && !l.startsWith("Running in")).reduce((a, b) -> a + " / " + b).orElse("");
      }
      throw ZkorchException.failure("Building " + friendly + " failed: " + e.getMessage()
          + (printed.isEmpty() ? "" : " (last output: " + printed + ")"));
    }
    return id;
  }

  /**
   * Earlier content-addressed builds of the same friendly tag are superseded: untag them, which deletes an image no
   * container uses (one in use keeps running and is left alone).
   */
  private void removeOlderBuilds(String repository, String tag, String keep) {
    for (var image : docker.listImagesCmd().withFilter("reference", List.of(repository + ":" + tag + "-*")).exec()) {
      for (String ref : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
        if (!ref.equals(keep) && ref.startsWith(repository + ":" + tag + "-")) {
          try {
            docker.removeImageCmd(ref).exec();
            progress.detail("removed superseded " + ref);
          } catch (com.github.dockerjava.api.exception.DockerException e) {
            progress.detail("kept " + ref + " (" + e.getMessage() + ")");
          }
        }
      }
    }
  }

  /**
   * Makes sure a base image is present: pulls it when absent; when it cannot be pulled, an environment error names
   * the offline fix.
   */
  public void ensureBase(String base) {
    if (inspect(base).isPresent()) {
      return;
    }
    if (source != null && source.sourceHas(base)) {
      source.load(base);
      return;
    }
    Progress.Step step = progress.start("Pulling base image " + base);
    try {
      boolean done =
          docker
              .pullImageCmd(base)
              .exec(
                  new ResultCallback.Adapter<PullResponseItem>() {
                    @Override
                    public void onNext(PullResponseItem item) {
                      if (item.getStatus() != null) {
                        progress.detail(item.getStatus());
                      }
                    }
                  })
              .awaitCompletion(5, TimeUnit.MINUTES);
      if (done && inspect(base).isPresent()) {
        step.ok();
        return;
      }
      step.fail("not present after pull");
    } catch (RuntimeException e) {
      step.fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      step.fail("interrupted");
    }
    throw ZkorchException.environment(
        "The base image "
            + base
            + " is not on this Docker engine and cannot be pulled; build one without a registry with `zkorch image"
            + " base` and use it (images.base: "
            + BaseImage.DEFAULT_TAG
            + " in the cluster file, or ZKORCH_BASE_IMAGE="
            + BaseImage.DEFAULT_TAG
            + ").",
        null);
  }

  private volatile String engineArch;

  /** The engine's machine architecture (x86_64, aarch64), as it reports it; asked once per builder. */
  public String engineArch() {
    if (engineArch == null) {
      String arch = docker.infoCmd().exec().getArchitecture();
      engineArch = arch == null ? System.getProperty("os.arch") : arch;
    }
    return engineArch;
  }

  /** Pulls {@code reference} if the engine can (quietly: false when it cannot, as offline). */
  public boolean tryPull(String reference) {
    Progress.Step step = progress.start("Pulling " + reference);
    try {
      docker.pullImageCmd(reference).exec(new ResultCallback.Adapter<PullResponseItem>()).awaitCompletion(5,
          TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      // not pullable (no registry, no such image): the caller takes another way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean present = inspect(reference).isPresent();
    step.ok(present ? "pulled" : "not available");
    return present;
  }

  /** The image named {@code reference}, if the engine has it. */
  public Optional<InspectImageResponse> inspect(String reference) {
    try {
      return Optional.of(docker.inspectImageCmd(reference).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
