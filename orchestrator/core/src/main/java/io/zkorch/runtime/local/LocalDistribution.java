package io.zkorch.runtime.local;

import io.zkorch.ZkorchException;
import io.zkorch.health.FourLetterWords;
import io.zkorch.image.BuildContext;
import io.zkorch.image.ZooKeeperDistribution;
import io.zkorch.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What local members run from: the server's jars of a ZooKeeper version, copied once into {@code
 * ~/.zkorch/zookeeper/VERSION} (from zkorch's jar, the classpath, the local Maven repository or Central), the
 * members' logback configuration beside them, and a class-data archive trained once per version, as the member image
 * trains one; and the JVM command line a member starts with.
 */
final class LocalDistribution {

  private final Path home;

  LocalDistribution(Path home) {
    this.home = home;
  }

  /** The server's jars in ~/.zkorch/zookeeper/VERSION, copied from zkorch's jar (or Maven) once. */
  Path jars(String version, Progress progress) {
    Path lib = home.resolve("zookeeper").resolve(version);
    // copied once per zkorch build: the marker names the jar they came from, so a warm start lists nothing
    Path marker = lib.resolve(".from");
    String from = zkorchBuild();
    try {
      if (from != null && Files.isRegularFile(marker) && Files.readString(marker).equals(from)
          && Files.isRegularFile(archive(lib))) {
        return lib;
      }
      Files.createDirectories(lib);
      for (Map.Entry<String, BuildContext.Source> jar : ZooKeeperDistribution.jars(version, progress).entrySet()) {
        Path target = lib.resolve(jar.getKey());
        if (Files.isRegularFile(target) && Files.size(target) == jar.getValue().size()) {
          continue;
        }
        Path tmp = Files.createTempFile(lib, jar.getKey(), ".part");
        try (InputStream in = jar.getValue().opener().open()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Path logback = home.resolve("zookeeper").resolve("logback.xml");
      try (InputStream in = LocalDistribution.class.getResourceAsStream("/io/zkorch/templates/logback.xml")) {
        if (in == null) {
          throw new IllegalStateException("io/zkorch/templates/logback.xml is missing from zkorch's jar");
        }
        byte[] bytes = in.readAllBytes();
        if (!Files.isRegularFile(logback) || !java.util.Arrays.equals(Files.readAllBytes(logback), bytes)) {
          Files.write(logback, bytes);
        }
      }
      trainClassDataArchive(lib);
      if (from != null) {
        Files.writeString(marker, from);
      }
    } catch (IOException e) {
      throw ZkorchException.environment("Could not write ZooKeeper's jars to " + lib + ": " + e.getMessage()
          + "; set " + LocalProvider.HOME_ENV + " to a writable folder.", e);
    }
    return lib;
  }

  /** zkorch's jar as "path size mtime", or null when zkorch does not run from a jar (then nothing is cached). */
  private static String zkorchBuild() {
    try {
      Path self = Path.of(LocalDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        return null;
      }
      return self + " " + Files.size(self) + " " + Files.getLastModifiedTime(self).toMillis();
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The archive members start from, made once per ZooKeeper version and JVM, as the member image makes one: JDK 25's
   * ahead-of-time cache when members run on a JDK 25 or later, else a class-data archive.
   */
  static Path archive(Path lib) {
    MemberJava java = memberJava();
    if (java.feature() >= 25) {
      return lib.resolve("zk-" + Integer.toHexString(java.path().toString().hashCode()) + ".aot");
    }
    return lib.resolve("zk.jsa");
  }

  /** The flags that make a member JVM map {@code archive}. */
  static List<String> archiveFlags(Path archive) {
    return archive.toString().endsWith(".aot") ? List.of("-XX:AOTCache=" + archive)
        : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
  }

  /** The java local members run on, and its feature release. */
  private record MemberJava(Path path, int feature) {}

  private static volatile MemberJava memberJava;

  /**
   * The java local members run on: the newest JDK 25 or later of this machine (its AOT cache starts ZooKeeper
   * faster; {@code ZKORCH_JDK} names another, {@code none} keeps the running one), else the JVM zkorch runs on.
   */
  private static MemberJava memberJava() {
    if (memberJava == null) {
      MemberJava chosen = new MemberJava(Path.of(System.getProperty("java.home"), "bin", "java"),
          Runtime.version().feature());
      try {
        var jdk = io.zkorch.image.LinkedRuntime.find(System.getenv(), System.getProperty("os.arch"),
            io.zkorch.image.LinkedRuntime.candidates(System.getenv()));
        if (jdk.isPresent() && jdk.get().feature() >= 25 && Files.isExecutable(jdk.get().home().resolve("bin/java"))) {
          chosen = new MemberJava(jdk.get().home().resolve("bin/java"), jdk.get().feature());
        }
      } catch (ZkorchException e) {
        // a ZKORCH_JDK that cannot link is no reason to refuse running members on the running JVM
      }
      memberJava = chosen;
    }
    return memberJava;
  }

  /**
   * A training run, like the member image's: a throw-away standalone server started with
   * {@code -XX:ArchiveClassesAtExit}, stopped (SIGTERM) once it serves. Members then map the classes it loaded
   * instead of loading them, which shortens their start on a busy machine. Any failure just leaves no archive.
   */
  private void trainClassDataArchive(Path lib) throws IOException {
    if (Files.isRegularFile(archive(lib))) {
      return;
    }
    Path dir = Files.createTempDirectory(home, "cds-training");
    String name = archive(lib).getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path tmpArchive = lib.resolve(name.substring(0, dot) + ".part" + ProcessHandle.current().pid() + name.substring(dot));
    try {
      Files.createDirectories(dir.resolve("data"));
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      int quorum;
      int election;
      try (ServerSocket q = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
          ServerSocket e = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        quorum = q.getLocalPort();
        election = e.getLocalPort();
      }
      // a quorum of one (not standalone): the run elects and leads, so the archive holds the election's and the
      // leader's classes too, not only a standalone server's
      Files.writeString(dir.resolve("data").resolve("myid"), "1\n");
      Files.writeString(dir.resolve("zoo.cfg"), "dataDir=" + dir.resolve("data") + "\ntickTime=2000\ninitLimit=5\n"
          + "syncLimit=2\nstandaloneEnabled=false\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n"
          + "server.1=127.0.0.1:" + quorum + ":" + election + ";127.0.0.1:" + port + "\n");
      List<String> cmd = new ArrayList<>(memberJvm(lib, dir));
      cmd.add(1, (name.endsWith(".aot") ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=")
          + tmpArchive);
      cmd.addAll(List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain", dir.resolve("zoo.cfg").toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile())
          .start();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < giveUp && p.isAlive()) {
        try {
          if (FourLetterWords.send("127.0.0.1", port, "srvr", 500).contains("Mode:")) {
            break;
          }
        } catch (IOException notYet) {
          // still starting
        }
        Thread.sleep(100);
      }
      p.destroy(); // SIGTERM: the JVM exits normally and writes the archive
      if (p.waitFor(60, TimeUnit.SECONDS) && Files.isRegularFile(tmpArchive)) {
        Files.move(tmpArchive, archive(lib), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Files.deleteIfExists(tmpArchive);
      LocalProvider.deleteTree(dir);
    }
  }

  /** java and the flags of a member JVM, up to (not including) its main class. */
  static List<String> memberJvm(Path lib, Path nodeDir) {
    List<String> cmd = new ArrayList<>(List.of(memberJava().path().toString(),
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
        "-Djava.net.preferIPv4Stack=true",
        "-Dzookeeper.log.dir=" + nodeDir,
        "-Dlogback.configurationFile=" + lib.getParent().resolve("logback.xml")));
    cmd.addAll(List.of("-cp", lib + "/*"));
    return cmd;
  }
}
