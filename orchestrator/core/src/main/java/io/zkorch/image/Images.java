package io.zkorch.image;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What goes into zkorch's member and app images, and making sure the images a cluster needs exist. */
public final class Images {

  /** System property naming zkorch's shaded jar when zkorch does not itself run from it (tests, IDEs). */
  public static final String JAR_PROPERTY = "zkorch.jar";

  /**
   * The images a cluster runs.
   *
   * @param member the member image reference
   * @param app zkorch's app image reference, or null when no app uses it
   */
  public record Resolved(String member, String app) {}

  private final Progress progress;
  private final ImageBuilder builder;
  private Map<String, String> env = System.getenv();

  /** The environment the lean path reads (ZKORCH_JDK, JAVA_HOME, ZKORCH_HOME); the process's unless set. */
  public Images withEnvironment(Map<String, String> environment) {
    this.env = Map.copyOf(environment);
    return this;
  }

  public Images(DockerClient docker, Progress progress) {
    this(docker, progress, null);
  }

  /**
   * Images on {@code docker}'s engine; what it lacks and {@code source}'s engine has (base images, images the file
   * names) is loaded from there, like {@code kind load docker-image}. {@code source} may be null.
   */
  public Images(DockerClient docker, Progress progress, DockerClient source, String target) {
    this(docker, progress, source == null ? null : new ImageTransfer(source, docker, target, progress));
  }

  private Images(DockerClient docker, Progress progress, ImageTransfer transfer) {
    this.progress = progress;
    this.builder = new ImageBuilder(docker, progress).withSource(transfer);
  }

  /** Builds or finds every image the cluster needs. */
  public Resolved ensure(Topology topology) {
    ClusterSpec spec = topology.spec();
    boolean needsApp = spec.apps().stream().anyMatch(a -> a.usesZkorchImage());
    // the two images are independent: check (or build) them side by side
    var app = needsApp
        ? java.util.concurrent.CompletableFuture.supplyAsync(() -> buildApp(spec).reference())
        : java.util.concurrent.CompletableFuture.completedFuture((String) null);
    String member;
    if (spec.zookeeper().image().isEmpty()) {
      member = buildMember(spec).reference();
    } else {
      member = spec.zookeeper().image();
      ensurePresent(member, "zookeeper.image");
    }
    for (var a : spec.apps()) {
      if (!a.usesZkorchImage()) {
        ensurePresent(a.image(), "apps." + a.name() + ".image");
      }
    }
    try {
      return new Resolved(member, app.join());
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Builds (or reuses) the member image for the spec's ZooKeeper version and base image. */
  public ImageBuilder.Result buildMember(ClusterSpec spec) {
    String base = base(spec); // the lean image's donor of the C library and tools, the classic image's base
    String version = spec.zookeeper().version();
    Map<String, BuildContext.Source> jars = ZooKeeperDistribution.jars(version, progress);
    MemberPlan plan = plan(spec.images());
    BuildContext context;
    switch (plan.kind()) {
      case LOCAL_JDK -> {
        context = leanContext(version, jars).arg("JDK_IMAGE", base);
        LinkedRuntime.addTo(context, plan.jdk(), LinkedRuntime.link(plan.jdk(), LinkedRuntime.cacheDir(env)));
      }
      case BUILDER_STAGE -> {
        // the JDK image lends the C library too: the runtime was built for it
        base = plan.jdkImage();
        context = leanContext(version, jars).arg("JDK_IMAGE", plan.jdkImage())
            .add("runtime/.linked-in-builder-stage", new byte[0], false);
      }
      default -> context = memberContext(version, jars);
    }
    onBase(context, base);
    String title = "Member image (ZooKeeper " + version + ", " + plan.describe() + ")";
    if (plan.kind() == MemberPlan.Kind.CLASSIC || spec.images().leanRequired()) {
      return builder.ensure(title, context, Topology.MEMBER_REPOSITORY, version);
    }
    try {
      return builder.ensure(title, context, Topology.MEMBER_REPOSITORY, version);
    } catch (ZkorchException e) {
      // lean: auto promises an image either way: say why the lean one failed, then build the classic one
      progress.start("Member image").ok("the lean build failed, so the classic image is built instead ("
          + e.getMessage() + "); images.lean: true makes this an error, false skips the attempt");
      return builder.ensure("Member image (ZooKeeper " + version + ", on the base image)",
          onBase(memberContext(version, jars), base(spec)), Topology.MEMBER_REPOSITORY, version);
    }
  }

  /** {@code context} built on {@code base}: the build argument, and the base's id in the hash. */
  private BuildContext onBase(BuildContext context, String base) {
    return context.arg("BASE_IMAGE", base).add("base-image-id", baseImageId(base), false);
  }

  /**
   * How the member image is built.
   *
   * @param kind lean with a runtime linked here, lean with a runtime linked in a builder stage, or classic
   * @param jdk the local JDK (LOCAL_JDK)
   * @param jdkImage the JDK image (BUILDER_STAGE)
   * @param why for classic under {@code lean: auto}: why not lean
   */
  public record MemberPlan(Kind kind, LinkedRuntime.Jdk jdk, String jdkImage, String why) {
    /** The three ways. */
    public enum Kind { LOCAL_JDK, BUILDER_STAGE, CLASSIC }

    /** What the build step says. */
    public String describe() {
      return switch (kind) {
        case LOCAL_JDK -> "lean: runtime linked from " + jdk.describe();
        case BUILDER_STAGE -> "lean: runtime linked in a builder stage from " + jdkImage;
        case CLASSIC -> why == null ? "on the base image" : "on the base image; " + why;
      };
    }
  }

  /**
   * Lean when a runtime can be linked: from a local JDK 21 or later (the newest; {@code ZKORCH_JDK} names one or
   * {@code none}), else in a builder stage from {@code images.jdk} when the engine has it or can pull it, else the
   * classic image on the base (an error instead under {@code images.lean: true}).
   */
  public MemberPlan plan(io.zkorch.spec.ImagesSpec images) {
    if (images.leanOff()) {
      return new MemberPlan(MemberPlan.Kind.CLASSIC, null, null, null);
    }
    String arch = builder.engineArch();
    var jdk = LinkedRuntime.find(env, arch, LinkedRuntime.candidates(env));
    if (jdk.isPresent()) {
      return new MemberPlan(MemberPlan.Kind.LOCAL_JDK, jdk.get(), null, null);
    }
    if (builder.inspect(images.jdk()).isPresent() || builder.tryPull(images.jdk())) {
      return new MemberPlan(MemberPlan.Kind.BUILDER_STAGE, null, images.jdk(), null);
    }
    String why = "no JDK " + LinkedRuntime.MIN_FEATURE + " or later for " + LinkedRuntime.arch(arch)
        + " here (" + LinkedRuntime.JDK_ENV + " names one) and " + images.jdk() + " cannot be pulled";
    if (images.leanRequired()) {
      throw ZkorchException.environment("images.lean is true but no Java runtime can be linked: " + why + ".", null);
    }
    return new MemberPlan(MemberPlan.Kind.CLASSIC, null, null, "not lean: " + why);
  }

  /** The lean member image's build context, without runtime and base (pure: tests hash it). */
  public static BuildContext leanContext(String version, Map<String, BuildContext.Source> jars) {
    return memberFiles("images/member/Dockerfile.lean", version, jars)
        .add("make-rootfs.sh", Resources.bytes("images/member/make-rootfs.sh"), true)
        .add("train-aot.sh", Resources.bytes("images/member/train-aot.sh"), true)
        .arg("JAVA_MODULES", String.join(",", LinkedRuntime.MODULES));
  }

  /** Builds (or reuses) the app image carrying zkorch's jar. */
  public ImageBuilder.Result buildApp(ClusterSpec spec) {
    String base = base(spec);
    BuildContext context = new BuildContext()
        .add("Dockerfile", Resources.bytes("images/app/Dockerfile"), false)
        .add("zkorch.jar", BuildContext.Source.ofJar(zkorchJar()), false)
        .arg("BASE_IMAGE", base);
    context.add("base-image-id", baseImageId(base), false);
    String ref = Topology.appImage();
    String repo = ref.substring(0, ref.indexOf(':'));
    return builder.ensure("App image (zkorch)", context, repo, ref.substring(ref.indexOf(':') + 1));
  }

  /**
   * The base image's id (part of both contexts' hash, so a rebuilt base rebuilds members and apps); pulled or
   * reported missing once, however many images build on it.
   */
  private synchronized String baseImageId(String base) {
    Object known = baseIds.computeIfAbsent(base, b -> {
      try {
        builder.ensureBase(b);
        return builder.inspect(b).orElseThrow().getId();
      } catch (RuntimeException e) {
        return e; // remembered, so that a missing base is tried and reported once
      }
    });
    if (known instanceof RuntimeException e) {
      throw e;
    }
    return (String) known;
  }

  private final Map<String, Object> baseIds = new java.util.HashMap<>();
  private String chosenBase;
  private static final java.util.concurrent.atomic.AtomicBoolean OFFLINE_BASE_ANNOUNCED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * The base to build on: the file's (or ZKORCH_BASE_IMAGE's) choice; but when that is the built-in default, which
   * this engine lacks, and zkorch's offline base ({@code zkorch image base}) is here, that one — so that a machine
   * without a registry works once the offline base exists, without naming it anywhere.
   */
  private synchronized String base(ClusterSpec spec) {
    String base = spec.images().base();
    if (!base.equals(io.zkorch.spec.Defaults.BASE_IMAGE)) {
      return base;
    }
    if (chosenBase == null) {
      chosenBase = base;
      boolean offlineHere = builder.inspect(BaseImage.DEFAULT_TAG).isPresent()
          || builder.source().map(t -> t.sourceHas(BaseImage.DEFAULT_TAG) && !t.sourceHas(base)).orElse(false);
      if (builder.inspect(base).isEmpty() && offlineHere) {
        chosenBase = BaseImage.DEFAULT_TAG;
        if (OFFLINE_BASE_ANNOUNCED.compareAndSet(false, true)) { // said once, however many builds follow
          progress.start("Base image").ok(base + " is not here; using zkorch's offline base " + BaseImage.DEFAULT_TAG);
        }
      }
    }
    return chosenBase;
  }

  /** The member image's build context, without the base image (pure: tests hash it). */
  public static BuildContext memberContext(String version, Map<String, BuildContext.Source> jars) {
    return memberFiles("images/member/Dockerfile", version, jars);
  }

  /** What both member Dockerfiles copy: the scripts, zoo.cfg's template, logging, ZooKeeper's jars. */
  private static BuildContext memberFiles(String dockerfile, String version, Map<String, BuildContext.Source> jars) {
    BuildContext context = new BuildContext()
        .add("Dockerfile", Resources.bytes(dockerfile), false)
        .add("docker-entrypoint.sh", Resources.bytes("images/member/docker-entrypoint.sh"), true)
        .add("healthcheck", Resources.bytes("images/member/healthcheck"), true)
        .add("train-cds.sh", Resources.bytes("images/member/train-cds.sh"), true)
        .add("zoo.cfg.template", Resources.bytes("templates/zoo.cfg"), false)
        .add("logback.xml", Resources.bytes("templates/logback.xml"), false)
        .arg("ZK_VERSION", version);
    jars.forEach((name, source) -> context.add("lib/" + name, source, false));
    return context;
  }

  private void ensurePresent(String image, String field) {
    if (builder.inspect(image).isPresent()) {
      return;
    }
    try {
      builder.ensureBase(image);
    } catch (ZkorchException e) {
      throw ZkorchException.environment(
          "The image " + image + " (" + field + ") is not on this Docker engine and cannot be pulled; build or"
              + " load it first (docker build / docker load), or remove " + field + " to use zkorch's own image.",
          e);
    }
  }

  /** zkorch's own shaded jar, which the app image carries. */
  public static Path zkorchJar() {
    String property = System.getProperty(JAR_PROPERTY);
    if (property != null && Files.isRegularFile(Path.of(property))) {
      return Path.of(property);
    }
    try {
      Path self = Path.of(Images.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
        return self;
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the error below
    }
    throw ZkorchException.environment(
        "The app image needs zkorch's shaded jar, and zkorch is not running from one; build it with `mvn package`"
            + " (target/zkorch-all.jar) or set -D" + JAR_PROPERTY + "=PATH.",
        null);
  }
}
