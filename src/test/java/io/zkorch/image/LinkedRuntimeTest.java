package io.zkorch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK the lean member image links from, and the linked runtime itself (a real jlink when a JDK 21+ is here). */
class LinkedRuntimeTest {

  @TempDir Path dir;

  private Path jdk(String name, String version, String arch, String libc, boolean jlink) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    Files.writeString(home.resolve("lib/modules"), "");
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nIMPLEMENTOR_VERSION=\"Temurin-"
        + version + "\"\nJAVA_VERSION=\"" + version + "\"\nLIBC=\"" + libc + "\"\nOS_ARCH=\"" + arch
        + "\"\nOS_NAME=\"Linux\"\n");
    if (jlink) {
      Path bin = home.resolve("bin/jlink");
      Files.writeString(bin, "#!/bin/sh\n");
      bin.toFile().setExecutable(true);
    }
    return home;
  }

  @Test
  void aLinuxGlibcJdkWithJlinkAndARuntimeImageIsRead() throws IOException {
    Optional<LinkedRuntime.Jdk> jdk = LinkedRuntime.read(jdk("t25", "25.0.3", "x86_64", "gnu", true));
    assertTrue(jdk.isPresent());
    assertEquals(25, jdk.get().feature());
    assertEquals("x86_64", jdk.get().arch());
    assertEquals("Temurin-25.0.3", jdk.get().build());
    assertTrue(LinkedRuntime.read(jdk("nolink", "25.0.3", "x86_64", "gnu", false)).isEmpty(), "no jlink");
    assertTrue(LinkedRuntime.read(jdk("musl", "25.0.3", "x86_64", "musl", true)).isEmpty(), "musl");
    assertTrue(LinkedRuntime.read(dir.resolve("nothing")).isEmpty());
  }

  @Test
  void theNewestJdkOfTheEnginesArchitectureFromTwentyOneOnIsChosen() throws IOException {
    List<Path> all = List.of(jdk("j17", "17.0.15", "x86_64", "gnu", true), jdk("j21", "21.0.5", "x86_64", "gnu", true),
        jdk("j25", "25.0.3", "x86_64", "gnu", true), jdk("arm26", "26", "aarch64", "gnu", true));
    assertEquals("25.0.3", LinkedRuntime.find(Map.of(), "x86_64", all).orElseThrow().version());
    assertEquals("25.0.3", LinkedRuntime.find(Map.of(), "amd64", all).orElseThrow().version(), "engine says amd64");
    assertEquals("26", LinkedRuntime.find(Map.of(), "aarch64", all).orElseThrow().version());
    assertTrue(LinkedRuntime.find(Map.of(), "x86_64", all.subList(0, 1)).isEmpty(), "17 is too old");
    assertTrue(LinkedRuntime.find(Map.of("ZKORCH_JDK", "none"), "x86_64", all).isEmpty(), "none");
    assertEquals("21.0.5",
        LinkedRuntime.find(Map.of("ZKORCH_JDK", all.get(1).toString()), "x86_64", all).orElseThrow().version());
  }

  @Test
  void aNamedJdkThatCannotServeIsAUsageErrorNamingTheVariable() throws IOException {
    Path old = jdk("j17", "17.0.15", "x86_64", "gnu", true);
    ZkorchException e = assertThrows(ZkorchException.class,
        () -> LinkedRuntime.find(Map.of("ZKORCH_JDK", old.toString()), "x86_64", List.of()));
    assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("ZKORCH_JDK=" + old), e.getMessage());
    assertTrue(e.getMessage().contains("21 or later"), e.getMessage());
    e = assertThrows(ZkorchException.class,
        () -> LinkedRuntime.find(Map.of("ZKORCH_JDK", dir.resolve("missing").toString()), "x86_64", List.of()));
    assertTrue(e.getMessage().contains("is not a Linux JDK with jlink"), e.getMessage());
  }

  @Test
  void theBuildContextFingerprintsTheRuntimeByJdkBuildAndKeepsExecutables() throws IOException {
    Path home = jdk("j25", "25.0.3", "x86_64", "gnu", true);
    LinkedRuntime.Jdk jdk = LinkedRuntime.read(home).orElseThrow();
    Path runtime = dir.resolve("rt");
    Files.createDirectories(runtime.resolve("bin"));
    Files.writeString(runtime.resolve("bin/java"), "x");
    runtime.resolve("bin/java").toFile().setExecutable(true);
    Files.writeString(runtime.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
    String first = LinkedRuntime.addTo(new BuildContext(), jdk, runtime).hash();
    Files.writeString(runtime.resolve("release"), "JAVA_VERSION=\"25.0.4\"\n"); // same size: same runtime
    assertEquals(first, LinkedRuntime.addTo(new BuildContext(), jdk, runtime).hash());
    Files.writeString(home.resolve("release"), Files.readString(home.resolve("release"))
        .replace("Temurin-25.0.3", "Temurin-25.0.4"));
    LinkedRuntime.Jdk newer = LinkedRuntime.read(home).orElseThrow();
    assertFalse(first.equals(LinkedRuntime.addTo(new BuildContext(), newer, runtime).hash()), "another JDK build");
  }

  /** A real jlink of this machine's newest JDK 21+ (every machine here has a JDK 25): only the modules asked for. */
  @Test
  void aRealLinkHoldsExactlyTheModulesZooKeeperNeedsAndIsSmall() throws Exception {
    Optional<LinkedRuntime.Jdk> jdk = LinkedRuntime.find(Map.of(), System.getProperty("os.arch"),
        LinkedRuntime.candidates(Map.of()));
    assumeTrue(jdk.isPresent() || System.getenv("CI") != null, "no JDK 21 or later on this machine");
    assertTrue(jdk.isPresent(), "CI machines have a JDK 25 in /usr/lib/jvm");
    Path runtime = LinkedRuntime.link(jdk.get(), dir.resolve("cache"));
    assertEquals(runtime, LinkedRuntime.link(jdk.get(), dir.resolve("cache")), "linked once, then reused");
    Process p = new ProcessBuilder(runtime.resolve("bin/java").toString(), "--list-modules").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    Set<String> modules = new TreeSet<>();
    out.lines().forEach(l -> modules.add(l.replaceAll("@.*", "").strip()));
    assertEquals(new TreeSet<>(LinkedRuntime.MODULES), modules);
    long bytes;
    try (Stream<Path> walk = Files.walk(runtime)) {
      bytes = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    assertTrue(bytes < 95L * 1024 * 1024, "runtime of " + bytes / (1024 * 1024) + " MB");
    try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
      assertEquals(List.of(runtime), left.toList(), "no temporary folder left");
    }
  }
}
