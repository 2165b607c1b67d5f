package io.zkorch.image;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The jars a server of the shipped ZooKeeper version runs on, without carrying them inside zkorch-core: the build
 * records their exact Maven coordinates ({@code io/zkorch/zookeeper/VERSION.jars}), and each is taken from the first
 * place that has it:
 *
 * <ol>
 *   <li>packed inside a jar on the classpath ({@code io/zkorch/zookeeper/VERSION/}: the CLI's jar, offline);
 *   <li>the classpath itself (a test project has zookeeper, jute, netty from Curator);
 *   <li>the local Maven repository ({@code -Dmaven.repo.local}, else {@code ~/.m2/repository});
 *   <li>Maven Central ({@code ZKORCH_MAVEN_REPOSITORY} for a mirror), downloaded into the local repository and checked
 *       against Central's SHA-1.
 * </ol>
 *
 * <p>Written by hand rather than with Maven Resolver because the list is fixed at build time (no dependency
 * resolution is needed) and a test classpath should not carry a resolver and its HTTP stack.
 */
public final class ServerJars {

  /** One jar's Maven coordinates. */
  public record Coordinate(String group, String artifact, String version, String classifier) {
    /** The file name Maven gives it: artifact-version[-classifier].jar. */
    public String fileName() {
      return artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    /** Its path in a repository's layout. */
    public String path() {
      return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + fileName();
    }

    /** Parses a line of {@code mvn dependency:list}: {@code group:artifact:jar[:classifier]:version[ -- …]}. */
    static Optional<Coordinate> parse(String line) {
      String token = line.strip().split("\\s+")[0];
      String[] p = token.split(":");
      if (p.length == 4 && p[2].equals("jar")) {
        return Optional.of(new Coordinate(p[0], p[1], p[3], null));
      }
      if (p.length == 5 && p[2].equals("jar")) {
        return Optional.of(new Coordinate(p[0], p[1], p[4], p[3]));
      }
      return Optional.empty();
    }
  }

  private ServerJars() {}

  /** Whether zkorch knows the jars of {@code version} without resolving anything (the shipped version). */
  public static boolean known(String version) {
    return ServerJars.class.getResource(listResource(version)) != null;
  }

  /** File name → source of every jar a server of {@code version} needs, sorted by name. */
  public static SortedMap<String, BuildContext.Source> of(String version) {
    SortedMap<String, BuildContext.Source> packed = packed(version);
    if (!packed.isEmpty()) {
      return packed;
    }
    SortedMap<String, BuildContext.Source> jars = new TreeMap<>();
    for (Coordinate c : coordinates(version)) {
      Path file = onClasspath(c).or(() -> inLocalRepository(c)).orElseGet(() -> download(c));
      jars.put(c.fileName(), fileSource(file));
    }
    return jars;
  }

  /** The recorded coordinates of {@code version}'s server jars. */
  public static List<Coordinate> coordinates(String version) {
    try (InputStream in = ServerJars.class.getResourceAsStream(listResource(version))) {
      if (in == null) {
        throw new IllegalStateException("zkorch-core carries no list of ZooKeeper " + version + "'s server jars ("
            + listResource(version) + ")");
      }
      List<Coordinate> list = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        Coordinate.parse(line).ifPresent(list::add);
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String listResource(String version) {
    return "/io/zkorch/zookeeper/" + version + ".jars";
  }

  /** The local Maven repository: -Dmaven.repo.local, else ~/.m2/repository. */
  public static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static Optional<Path> onClasspath(Coordinate c) {
    for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.getFileName() != null && p.getFileName().toString().equals(c.fileName()) && Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> inLocalRepository(Coordinate c) {
    Path p = localRepository().resolve(c.path());
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Fetches one jar from Central (or ZKORCH_MAVEN_REPOSITORY) into the local repository, checked by SHA-1. */
  private static Path download(Coordinate c) {
    String base = System.getenv().getOrDefault("ZKORCH_MAVEN_REPOSITORY", ZooKeeperDistribution.CENTRAL);
    String url = (base.endsWith("/") ? base : base + "/") + c.path();
    Path target = localRepository().resolve(c.path());
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<byte[]> jar = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<String> sha = http.send(HttpRequest.newBuilder(URI.create(url + ".sha1"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (jar.statusCode() != 200 || sha.statusCode() != 200) {
        throw new IOException("HTTP " + jar.statusCode() + " for " + url);
      }
      String expected = sha.body().strip().split("\\s+")[0];
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar.body()));
      if (!actual.equalsIgnoreCase(expected)) {
        throw new IOException(url + " has SHA-1 " + actual + ", not the " + expected + " the repository lists");
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), c.fileName(), ".part");
      Files.write(tmp, jar.body());
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException | NoSuchAlgorithmException e) {
      throw ZkorchException.environment("ZooKeeper's server jar " + c.fileName() + " is neither on the classpath nor"
          + " in " + localRepository() + ", and fetching it from " + url + " failed (" + e.getMessage() + "); run"
          + " where Maven Central (or ZKORCH_MAVEN_REPOSITORY) is reachable once, or put it in the local repository.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.environment("Interrupted while fetching " + url + ".", e);
    }
  }

  /** A jar file, fingerprinted by the CRC-32 a packed jar entry carries, so both ways give one image hash. */
  private static BuildContext.Source fileSource(Path f) {
    try {
      CRC32 crc = new CRC32();
      crc.update(Files.readAllBytes(f));
      return new BuildContext.Source(Files.size(f), "crc32:" + Long.toHexString(crc.getValue()),
          () -> Files.newInputStream(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jars packed under io/zkorch/zookeeper/VERSION/ in a jar (or classes folder) on the classpath, if any. */
  private static SortedMap<String, BuildContext.Source> packed(String version) {
    String prefix = "io/zkorch/zookeeper/" + version + "/";
    URL marker = ServerJars.class.getClassLoader().getResource(prefix + "zookeeper-" + version + ".jar");
    SortedMap<String, BuildContext.Source> jars = new TreeMap<>();
    if (marker == null) {
      return jars;
    }
    try {
      if (marker.getProtocol().equals("file")) {
        Path dir = Path.of(marker.toURI()).getParent();
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            if (f.getFileName().toString().endsWith(".jar")) {
              jars.put(f.getFileName().toString(), fileSource(f));
            }
          }
        }
        return jars;
      }
      if (marker.getProtocol().equals("jar")) {
        String spec = marker.getPath(); // file:/…/x.jar!/io/zkorch/…
        java.io.File self = new java.io.File(new URI(spec.substring(0, spec.indexOf("!/"))));
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(self)) {
          var entries = jar.entries();
          while (entries.hasMoreElements()) {
            java.util.jar.JarEntry e = entries.nextElement();
            String name = e.getName();
            if (name.startsWith(prefix) && name.endsWith(".jar")) {
              jars.put(name.substring(prefix.length()), new BuildContext.Source(e.getSize(),
                  "crc32:" + Long.toHexString(e.getCrc()), () -> openEntry(self, name)));
            }
          }
        }
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream openEntry(java.io.File jarFile, String name) throws IOException {
    java.util.jar.JarFile jar = new java.util.jar.JarFile(jarFile);
    InputStream in = jar.getInputStream(jar.getJarEntry(name));
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        jar.close();
      }
    };
  }
}
