package io.zkorch.image;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Java runtime linked with {@code jlink} from a JDK on this machine, holding only the modules ZooKeeper needs: what
 * the lean member image carries instead of a whole JRE. JDK 21 and later link from their own run-time image (no
 * {@code jmods} needed when the JDK was built that way, as Temurin 25 is). Linked runtimes are kept under
 * {@code ~/.zkorch/runtimes} (or {@code $ZKORCH_HOME/runtimes}), one per JDK build and module list.
 */
public final class LinkedRuntime {

  /** The oldest JDK the lean path links from; the ahead-of-time cache needs 25 (else the class-data archive). */
  public static final int MIN_FEATURE = 21;
  /** How runtimes are linked (part of their identity): Java debug attributes dropped, no man pages or headers. */
  static final String LINK_OPTIONS = "--strip-java-debug-attributes --no-man-pages --no-header-files";

  /** Environment variable naming the JDK to link from (its home), or {@code none} for no local JDK. */
  public static final String JDK_ENV = "ZKORCH_JDK";

  /**
   * What a ZooKeeper server needs ({@code jdeps --print-module-deps} of its jars: base, logging, management,
   * naming, JGSS, SASL, XML, unsupported) plus what its features load by name: the platform MXBeans it reports
   * (jdk.management), JAAS login modules (jdk.security.auth), elliptic-curve TLS (jdk.crypto.ec), and flight
   * recordings (jdk.jfr, for profiling members).
   */
  public static final List<String> MODULES =
      List.of("java.base", "java.logging", "java.management", "java.naming", "java.security.jgss",
          "java.security.sasl", "java.xml", "jdk.unsupported", "jdk.management", "jdk.security.auth",
          "jdk.crypto.ec", "jdk.jfr");

  /**
   * A JDK found on this machine.
   *
   * @param home its home folder
   * @param version JAVA_VERSION from its release file, e.g. 25.0.3
   * @param build the build it names (IMPLEMENTOR_VERSION or JAVA_RUNTIME_VERSION), part of the runtime's identity
   * @param feature the feature release, e.g. 25
   * @param arch the machine architecture, normalised (x86_64, aarch64)
   */
  public record Jdk(Path home, String version, String build, int feature, String arch) {
    /** {@code JDK 25.0.3 (/usr/lib/jvm/temurin-25-jdk-amd64)}. */
    public String describe() {
      return "JDK " + version + " (" + home + ")";
    }
  }

  private LinkedRuntime() {}

  /**
   * Reads a JDK home's {@code release} file; empty unless it is a Linux glibc JDK with {@code jlink} and a run-time
   * image to link from.
   */
  public static Optional<Jdk> read(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/jlink"))
        || !Files.isRegularFile(home.resolve("lib/modules"))) {
      return Optional.empty();
    }
    Map<String, String> r = release(release);
    String version = r.getOrDefault("JAVA_VERSION", "");
    if (!"Linux".equals(r.getOrDefault("OS_NAME", "Linux")) || !"gnu".equals(r.getOrDefault("LIBC", "gnu"))
        || version.isEmpty()) {
      return Optional.empty();
    }
    int feature;
    try {
      feature = Integer.parseInt(version.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String build = r.getOrDefault("IMPLEMENTOR_VERSION", r.getOrDefault("JAVA_RUNTIME_VERSION", version));
    return Optional.of(new Jdk(home, version, build, feature, arch(r.getOrDefault("OS_ARCH", ""))));
  }

  /** x86_64 and aarch64, whichever name a release file or an engine uses (amd64, arm64). */
  public static String arch(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "arm64", "aarch64" -> "aarch64";
      default -> name.toLowerCase(Locale.ROOT);
    };
  }

  /**
   * The JDK to link from for an engine of architecture {@code engineArch}: {@code ZKORCH_JDK} when set (an error
   * when it is not a usable JDK; {@code none} for none), else the newest usable JDK among the running one,
   * {@code JAVA_HOME} and {@code /usr/lib/jvm/*}.
   */
  public static Optional<Jdk> find(Map<String, String> env, String engineArch, List<Path> candidates) {
    String named = env.getOrDefault(JDK_ENV, "").strip();
    if (named.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    if (!named.isEmpty()) {
      Jdk jdk = read(Path.of(named)).orElseThrow(() -> ZkorchException.usage(
          JDK_ENV + "=" + named + " is not a Linux JDK with jlink and a run-time image; name a JDK " + MIN_FEATURE
              + " or later (its home folder), or none."));
      if (jdk.feature() < MIN_FEATURE || !jdk.arch().equals(arch(engineArch))) {
        throw ZkorchException.usage(JDK_ENV + "=" + named + " is " + jdk.describe() + " for " + jdk.arch()
            + "; the lean member image needs a JDK " + MIN_FEATURE + " or later for the engine's "
            + arch(engineArch) + ".");
      }
      return Optional.of(jdk);
    }
    return candidates.stream().map(LinkedRuntime::read).flatMap(Optional::stream)
        .filter(j -> j.feature() >= MIN_FEATURE && j.arch().equals(arch(engineArch)))
        .max(Comparator.comparingInt(Jdk::feature).thenComparing(Jdk::version));
  }

  /** Where JDKs are looked for when ZKORCH_JDK does not name one. */
  public static List<Path> candidates(Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    Path running = Path.of(System.getProperty("java.home"));
    out.add(running);
    if (env.containsKey("JAVA_HOME")) {
      out.add(Path.of(env.get("JAVA_HOME")));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> list = Files.list(jvms)) {
        list.filter(p -> !Files.isSymbolicLink(p)).sorted().forEach(out::add);
      } catch (IOException e) {
        // none from there
      }
    }
    return out;
  }

  /** The folder linked runtimes are kept in. */
  public static Path cacheDir(Map<String, String> env) {
    String home = env.get("ZKORCH_HOME");
    return (home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".zkorch") : Path.of(home))
        .resolve("runtimes");
  }

  /** The folder name of {@code jdk}'s linked runtime: build, architecture and a hash of the module list. */
  public static String key(Jdk jdk) {
    return (jdk.build().replaceAll("[^A-Za-z0-9._+-]", "_") + "-" + jdk.arch() + "-"
        + Integer.toHexString((String.join(",", MODULES) + LINK_OPTIONS).hashCode())).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code jdk}'s runtime of {@link #MODULES}, linked once and kept in {@code cache}: linked into a temporary folder
   * and renamed into place, so that a concurrent or interrupted link never leaves half a runtime behind.
   */
  public static Path link(Jdk jdk, Path cache) {
    Path target = cache.resolve(key(jdk));
    if (Files.isExecutable(target.resolve("bin/java"))) {
      return target;
    }
    Path tmp = null;
    try {
      Files.createDirectories(cache);
      tmp = Files.createTempDirectory(cache, ".link-");
      Path out = tmp.resolve("runtime");
      List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/jlink").toString(), "--add-modules",
          String.join(",", MODULES)));
      // not --strip-debug: on Linux it also strips native symbols with objcopy, which JDK images often lack
      cmd.addAll(List.of(LINK_OPTIONS.split(" ")));
      cmd.addAll(List.of("--output", out.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw ZkorchException.environment("jlink of " + jdk.describe() + " failed: " + output
            + " (set " + JDK_ENV + " to another JDK, or images.lean: false)", null);
      }
      // Debian's JDKs carry native debug info in separate files that jlink copies (hundreds of MB)
      try (Stream<Path> walk = Files.walk(out)) {
        for (Path f : walk.filter(f -> f.getFileName().toString().endsWith(".debuginfo")).toList()) {
          Files.delete(f);
        }
      }
      try {
        Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // another zkorch linked the same runtime meanwhile: theirs is as good
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while linking a Java runtime.");
    } finally {
      if (tmp != null) {
        BaseImage.deleteContents(tmp);
        tmp.toFile().delete();
      }
    }
  }

  /**
   * Adds a linked runtime's files to {@code context} under {@code runtime/}: fingerprinted by the JDK build, module
   * list, path and size (a runtime linked from the same JDK is the same runtime), so that an unchanged context is
   * recognised without hashing 70 MB; executables keep their mode.
   */
  public static BuildContext addTo(BuildContext context, Jdk jdk, Path runtime) {
    try (Stream<Path> walk = Files.walk(runtime)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = runtime.relativize(f).toString().replace('\\', '/');
        long size = Files.size(f);
        boolean executable = Files.isExecutable(f) && !rel.startsWith("legal/");
        context.add("runtime/" + rel,
            new BuildContext.Source(size, "jlink:" + key(jdk) + ":" + rel + ":" + size, () -> Files.newInputStream(f)),
            executable);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return context;
  }

  private static Map<String, String> release(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

}
