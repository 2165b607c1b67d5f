package io.zkorch.image;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds an image with no container registry at all: debootstrap (or mmdebstrap) a minimal Debian bookworm with a
 * few packages from Debian's package mirror, trim it, import it, and set its metadata. Three kinds: the JRE 17 base
 * image members and apps are built on, the network-fault helper (iptables, iproute2) that runs in a member's
 * network namespace on a swarm node, and a JDK 25 (Debian trixie) the lean member image's builder stage links in.
 */
public final class BaseImage {

  /** What is built: the packages, the Dockerfile that finishes it, and the default tag. */
  public enum Kind {
    BASE("bookworm", "openjdk-17-jre-headless", "images/base/Dockerfile", "zkorch/base:bookworm-jre17"),
    NEMESIS("bookworm", "iptables,iproute2,python3,libnetfilter-queue1", "images/nemesis/Dockerfile",
        "zkorch/nemesis:bookworm-2"),
    /** A JDK 25 for the lean member image's builder stage, where bookworm has no JDK newer than 17. */
    JDK("trixie", "openjdk-25-jdk-headless", "images/jdk/Dockerfile", "zkorch/jdk:trixie-25");

    final String suite;
    final String packages;
    final String dockerfile;
    public final String tag;

    Kind(String suite, String packages, String dockerfile, String tag) {
      this.suite = suite;
      this.packages = packages;
      this.dockerfile = dockerfile;
      this.tag = tag;
    }
  }

  /** The tag {@code zkorch image base} gives the image unless told otherwise. */
  public static final String DEFAULT_TAG = "zkorch/base:bookworm-jre17";
  /** The network-fault helper image {@code zkorch image nemesis} builds. */
  public static final String NEMESIS_TAG = Kind.NEMESIS.tag;
  public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

  /** Paths dropped from the rootfs: package caches and documentation the JRE does not need. */
  static final List<String> TRIM =
      List.of("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info",
          "usr/share/locale");

  private final DockerClient docker;
  private final Progress progress;
  private final Kind kind;

  public BaseImage(DockerClient docker, Progress progress) {
    this(docker, progress, Kind.BASE);
  }

  public BaseImage(DockerClient docker, Progress progress, Kind kind) {
    this.docker = docker;
    this.progress = progress;
    this.kind = kind;
  }

  /**
   * Builds the base image as {@code tag}; returns false (and does nothing) when it exists and {@code force} is off.
   */
  public boolean build(String tag, String mirror, boolean force) {
    ImageBuilder builder = new ImageBuilder(docker, progress);
    if (!force && builder.inspect(tag).isPresent()) {
      progress.start("Base image " + tag).ok("already present; --force rebuilds it");
      return false;
    }
    List<String> bootstrap = bootstrapCommand(kind.packages);
    Path root = null;
    try {
      root = Files.createTempDirectory("zkorch-rootfs-");
      Progress.Step step = progress.start("Bootstrapping Debian " + kind.suite + " with "
          + kind.packages.replace(",", ", "));
      List<String> cmd = new ArrayList<>(bootstrap);
      cmd.addAll(List.of(kind.suite, root.toString(), mirror));
      run(cmd, step);
      for (String t : TRIM) {
        deleteContents(root.resolve(t));
      }
      step.ok();

      Progress.Step pack = progress.start("Packing the root filesystem");
      Path tar = Files.createTempFile("zkorch-rootfs-", ".tar");
      try {
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), ".")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          pack.fail(out.strip());
          throw ZkorchException.failure("Packing the root filesystem with tar failed: " + out.strip());
        }
        pack.ok(Files.size(tar) / (1024 * 1024) + " MB");
        // FROM scratch + ADD: the engine unpacks the tar itself; no registry and no import API needed
        BuildContext context = new BuildContext()
            .add("Dockerfile", Resources.bytes(kind.dockerfile), false)
            .addFile("rootfs.tar", tar);
        if (kind == Kind.NEMESIS) {
          context.add("zkorch-netem", Resources.bytes("images/nemesis/zkorch-netem"), true);
        }
        int colon = tag.lastIndexOf(':');
        String repo = colon > 0 ? tag.substring(0, colon) : tag;
        String version = colon > 0 ? tag.substring(colon + 1) : "latest";
        ImageBuilder.Result result = builder.ensure((kind == Kind.BASE ? "Base image " : "Image ") + tag, context, repo, version);
        progress.detail("base image " + tag + " = " + result.id());
      } finally {
        Files.deleteIfExists(tar);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while building the base image.");
    } finally {
      if (root != null) {
        deleteContents(root);
        root.toFile().delete();
      }
    }
  }

  /** debootstrap (or mmdebstrap) with the options for a minimal JRE rootfs; an environment error when neither. */
  static List<String> bootstrapCommand() {
    return bootstrapCommand(Kind.BASE.packages);
  }

  static List<String> bootstrapCommand(String packages) {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw ZkorchException.environment(
          "Building the base image needs root (debootstrap creates device nodes and owns files as root); run"
              + " `sudo zkorch image base`.",
          null);
    }
    if (onPath("mmdebstrap")) {
      return List.of("mmdebstrap", "--variant=apt", "--include=" + packages, "--quiet");
    }
    if (onPath("debootstrap")) {
      return List.of("debootstrap", "--variant=minbase", "--include=" + packages);
    }
    throw ZkorchException.environment(
        "Neither debootstrap nor mmdebstrap is installed; install one (`apt-get install debootstrap`) to build the"
            + " base image offline.",
        null);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", program));
  }

  private void run(List<String> cmd, Progress.Step step) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> tail = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        progress.detail(line);
        step.update(line);
        tail.add(line);
        if (tail.size() > 10) {
          tail.remove(0);
        }
      }
    }
    if (p.waitFor() != 0) {
      step.fail(cmd.get(0) + " exited with " + p.exitValue());
      throw ZkorchException.environment(
          cmd.get(0) + " failed (exit " + p.exitValue() + "); check that the Debian mirror is reachable. Last lines:\n  "
              + String.join("\n  ", tail),
          null);
    }
  }

  /** Deletes everything under {@code dir} (not {@code dir} itself); nothing when it does not exist. */
  static void deleteContents(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
