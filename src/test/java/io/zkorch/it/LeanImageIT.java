package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.zkorch.ZkorchException;
import io.zkorch.cli.CliRun;
import io.zkorch.cli.DockerClients;
import io.zkorch.image.BuildContext;
import io.zkorch.image.ImageBuilder;
import io.zkorch.image.Images;
import io.zkorch.image.ZooCfg;
import io.zkorch.progress.Progress;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.Defaults;
import io.zkorch.spec.ImagesSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean member image (issue 13): a linked runtime on a minimal root filesystem, at most 150 MB, honouring the
 * official contract, non-root, with its health check and an ahead-of-time cache the JVM really maps — built from
 * this machine's JDK, or in a builder stage from a JDK image; and the classic image when neither can be had.
 */
@DockerTest
class LeanImageIT {

  /** The aim of issue 13, in the engine's units (bytes). */
  private static final long MAX_BYTES = 150L * 1000 * 1000;
  private static final String JDK_IMAGE = "zkorch-it/jdk:25";
  private static final String RUNNING = "zkorch-it-lean";

  @TempDir Path dir;
  private String cluster;

  @AfterEach
  void cleanUp() throws Exception {
    run(false, "docker", "rm", "-f", RUNNING);
    // the test's JDK images, under both tags (friendly and content-addressed)
    for (String ref : run(false, "docker", "images", "zkorch-it/jdk", "--format", "{{.Repository}}:{{.Tag}}").split("\n")) {
      if (!ref.isBlank()) {
        run(false, "docker", "rmi", ref.strip());
      }
    }
    if (cluster != null) {
      ItSupport.removeQuietly(cluster);
      ItSupport.assertNothingLeft(cluster);
    }
    assertTrue(run(false, "docker", "ps", "-aq", "--filter", "name=" + RUNNING).isBlank(), "container left");
  }

  private static ClusterSpec spec(String name, String imagesBlock) throws Exception {
    Path file = Files.createTempFile("lean-", ".yaml");
    try {
      Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + name
          + "\nzookeeper:\n  members: 1\nimages:\n  base: " + ItSupport.baseImage() + "\n" + imagesBlock);
      return SpecLoader.load(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void leanMemberFromThisMachinesJdkIsSmallFollowsTheContractAndMapsItsCache() throws Exception {
    try (DockerClient docker = DockerClients.connect()) {
      Images images = new Images(docker, Progress.silent());
      ClusterSpec spec = spec("it-lean", "");
      Images.MemberPlan plan = images.plan(spec.images());
      assertEquals(Images.MemberPlan.Kind.LOCAL_JDK, plan.kind(), "every machine here has a JDK 25: " + plan);
      ImageBuilder.Result built = images.buildMember(spec);
      assertLean(docker, built.reference());
    }
  }

  @Test
  void withoutALocalJdkTheRuntimeIsLinkedInABuilderStageFromAJdkImage() throws Exception {
    // a JDK image as a registry would supply it, made here from this machine's JDK 25 (nothing can be pulled)
    Path jdk = io.zkorch.image.LinkedRuntime.find(Map.of(), "x86_64",
        io.zkorch.image.LinkedRuntime.candidates(Map.of())).orElseThrow().home();
    BuildContext context = new BuildContext().add("Dockerfile", "FROM " + ItSupport.baseImage()
        + "\nCOPY jdk/ /opt/jdk/\nENV PATH=/opt/jdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
        false);
    try (var files = Files.walk(jdk)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        context.add("jdk/" + jdk.relativize(f), BuildContext.Source.of(f), Files.isExecutable(f));
      }
    }
    try (DockerClient docker = DockerClients.connect()) {
      new ImageBuilder(docker, Progress.silent()).ensure("JDK image", context, "zkorch-it/jdk", "25");
      Images images = new Images(docker, Progress.silent()).withEnvironment(Map.of("ZKORCH_JDK", "none"));
      ClusterSpec spec = spec("it-lean-builder", "  jdk: " + JDK_IMAGE + "\n");
      Images.MemberPlan plan = images.plan(spec.images());
      assertEquals(Images.MemberPlan.Kind.BUILDER_STAGE, plan.kind(), plan.toString());
      assertTrue(plan.describe().contains("builder stage from " + JDK_IMAGE), plan.describe());
      assertLean(docker, images.buildMember(spec).reference());
    }
  }

  @Test
  void withNeitherTheClassicImageIsBuiltAndLeanTrueSaysWhy() throws Exception {
    try (DockerClient docker = DockerClients.connect()) {
      Images images = new Images(docker, Progress.silent()).withEnvironment(Map.of("ZKORCH_JDK", "none"));
      ImagesSpec auto = spec("it-lean-none", "  jdk: zkorch-it/no-such-jdk:1\n").images();
      Images.MemberPlan plan = images.plan(auto);
      assertEquals(Images.MemberPlan.Kind.CLASSIC, plan.kind(), plan.toString());
      assertTrue(plan.describe().contains("zkorch-it/no-such-jdk:1 cannot be pulled"), plan.describe());
      ImagesSpec required = spec("it-lean-none", "  jdk: zkorch-it/no-such-jdk:1\n  lean: true\n").images();
      ZkorchException e = assertThrows(ZkorchException.class, () -> images.plan(required));
      assertTrue(e.getMessage().startsWith("images.lean is true but no Java runtime can be linked"), e.getMessage());
      assertEquals(Images.MemberPlan.Kind.CLASSIC,
          new Images(docker, Progress.silent()).plan(spec("x", "  lean: false\n").images()).kind());
    }
  }

  /** A lean build that fails (here: a JDK image whose jlink breaks) falls back to the classic image, saying why. */
  @Test
  void aFailedLeanBuildFallsBackToTheClassicImageAndSaysWhy() throws Exception {
    BuildContext broken = new BuildContext().add("Dockerfile", "FROM " + ItSupport.baseImage()
        + "\nRUN printf '#!/bin/sh\\necho jlink is broken here >&2\\nexit 1\\n' > /usr/local/bin/jlink"
        + " && chmod 0755 /usr/local/bin/jlink\n", false);
    try (DockerClient docker = DockerClients.connect()) {
      new ImageBuilder(docker, Progress.silent()).ensure("JDK image", broken, "zkorch-it/jdk", "25");
      io.zkorch.progress.RecordingProgress progress = new io.zkorch.progress.RecordingProgress();
      Images images = new Images(docker, progress).withEnvironment(Map.of("ZKORCH_JDK", "none"));
      ClusterSpec spec = spec("it-lean-broken", "  jdk: " + JDK_IMAGE + "\n");
      ImageBuilder.Result built = images.buildMember(spec);
      String all = String.join("\n", progress.notes);
      assertTrue(all.contains("the lean build failed, so the classic image is built instead"), all);
      assertTrue(all.contains("jlink is broken here"), "the reason is shown: " + all);
      assertTrue(progress.lines.contains("ok Member image (ZooKeeper " + io.zkorch.spec.ZooKeeperVersions.SHIPPED
          + ", on the base image)"), all);
      assertTrue(docker.inspectImageCmd(built.reference()).exec().getSize() > MAX_BYTES, "the classic image");
      ClusterSpec required = spec("it-lean-broken", "  jdk: " + JDK_IMAGE + "\n  lean: true\n");
      ZkorchException e = assertThrows(ZkorchException.class,
          () -> new Images(docker, Progress.silent()).withEnvironment(Map.of("ZKORCH_JDK", "none"))
              .buildMember(required));
      assertTrue(e.getMessage().contains("jlink is broken here"), e.getMessage());
    }
  }

  /** images.lean: false keeps today's image on the base, and it still boots a proven quorum. */
  @Test
  void theClassicImageStillServes() throws Exception {
    cluster = "it-classic";
    Path file = dir.resolve("classic.yaml");
    Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + cluster
        + "\nzookeeper:\n  members: 1\n  storage: tmpfs\nimages:\n  base: " + ItSupport.baseImage()
        + "\n  lean: false\n");
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(up.err().contains("Member image (ZooKeeper " + io.zkorch.spec.ZooKeeperVersions.SHIPPED
        + ", on the base image)"), up.toString());
    assertTrue(up.out().contains("Quorum: healthy"), up.toString());
    assertTrue(up.err().contains("Where the time went: members started"), up.toString());
  }

  private void assertLean(DockerClient docker, String image) throws Exception {
    InspectImageResponse inspect = docker.inspectImageCmd(image).exec();
    assertTrue(inspect.getSize() <= MAX_BYTES, image + " is " + inspect.getSize() / 1_000_000 + " MB");
    assertEquals("1000:1000", inspect.getConfig().getUser());
    assertTrue(inspect.getConfig().getHealthcheck() != null
        && inspect.getConfig().getHealthcheck().getTest().contains("/opt/zkorch/healthcheck"), "health check");
    // the official contract, rendered exactly as the Java renderer does
    Map<String, String> env = Map.of("ZOO_MY_ID", "2", "ZOO_SERVERS", "server.1=zk1:2888:3888;2181 server.2=zk2:2888:3888;2181",
        "ZOO_TICK_TIME", "500", "ZOO_CFG_EXTRA", "clientPort=2181 globalOutstandingLimit=5000");
    List<String> cmd = new java.util.ArrayList<>(List.of("docker", "run", "--rm"));
    env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
    cmd.addAll(List.of(image, "print-zoo-cfg"));
    assertEquals(ZooCfg.render(env), run(true, cmd.toArray(String[]::new)));
    // the JVM maps the cache (with AOTMode=on it refuses to start otherwise) and the member serves
    run(true, "docker", "run", "-d", "--name", RUNNING, "-e", "JVMFLAGS=-XX:AOTMode=on -Xlog:aot=info", image);
    String health = "";
    for (int i = 0; i < 120 && !health.equals("healthy"); i++) {
      Thread.sleep(250);
      health = run(false, "docker", "inspect", "-f", "{{.State.Health.Status}}", RUNNING).strip();
    }
    String logs = run(false, "docker", "logs", RUNNING);
    assertEquals("healthy", health, logs);
    assertTrue(logs.contains("Opened AOT cache /opt/zookeeper/zk.aot"), logs);
    assertEquals("uid=1000(zookeeper) gid=1000(zookeeper) groups=1000(zookeeper)",
        ItSupport.exec(docker, RUNNING, "id").strip());
    run(true, "docker", "rm", "-f", RUNNING);
  }

  private static String run(boolean check, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (check) {
      assertEquals(0, rc, String.join(" ", cmd) + "\n" + out);
    }
    return out;
  }
}
