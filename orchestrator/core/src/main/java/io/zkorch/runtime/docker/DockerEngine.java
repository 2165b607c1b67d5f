package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Docker engine as zkorch uses it: the client, where the engine is ({@code endpoint}, for messages), and the
 * address on which the ports it publishes are reached from this process ({@code host}).
 *
 * <p>The host follows Testcontainers' rules, so that the CLI and the test module agree: {@code
 * TESTCONTAINERS_HOST_OVERRIDE}; else the host of a {@code tcp://} endpoint; else, inside a container talking to
 * another machine's engine through its socket, the container's default gateway; else {@code 127.0.0.1}. Ports are
 * bound to 127.0.0.1 only when that is where they are reached; otherwise to all of the engine's addresses.
 *
 * <p>The host is found when first asked for (it may take a question to the engine), so commands that never reach a
 * member's port pay nothing for it.
 */
public final class DockerEngine {

  private final DockerClient client;
  private final String endpoint;
  private final java.util.function.Supplier<String> hostRule;
  private final boolean ownsClient;
  private volatile String host;

  /**
   * @param client the engine's API
   * @param endpoint the engine's address as configured (unix:///var/run/docker.sock, tcp://docker:2375)
   * @param host where published ports are reached from here
   * @param ownsClient whether closing zkorch's provider closes the client (not Testcontainers' shared client)
   */
  public DockerEngine(DockerClient client, String endpoint, String host, boolean ownsClient) {
    this(client, endpoint, () -> Objects.requireNonNull(host, "host"), ownsClient);
  }

  private DockerEngine(DockerClient client, String endpoint, java.util.function.Supplier<String> hostRule,
      boolean ownsClient) {
    this.client = Objects.requireNonNull(client, "client");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.hostRule = hostRule;
    this.ownsClient = ownsClient;
  }

  public DockerClient client() {
    return client;
  }

  public String endpoint() {
    return endpoint;
  }

  /** Where published ports are reached from here. */
  public String host() {
    String known = host;
    if (known == null) {
      known = hostRule.get();
      host = known;
    }
    return known;
  }

  public boolean ownsClient() {
    return ownsClient;
  }

  /** Whether published ports are reached on this machine's loopback (so they are bound there, and only there). */
  public boolean loopback() {
    return isLoopback(host());
  }

  /** The address published ports are bound to on the engine's side. */
  public String bindAddress() {
    return loopback() ? "127.0.0.1" : "0.0.0.0";
  }

  /** An engine reached by {@code client} at {@code endpoint}, its host found by the rules above. */
  public static DockerEngine of(DockerClient client, String endpoint, boolean ownsClient) {
    return new DockerEngine(client, endpoint, () -> resolveHost(endpoint, System.getenv(),
        () -> dockerdHere() ? null : engineName(client)), ownsClient);
  }

  /** The rules, with the environment and the engine's own name given (testable without an engine). */
  static String resolveHost(String endpoint, Map<String, String> env, java.util.function.Supplier<String> engineName) {
    String override = env.get("TESTCONTAINERS_HOST_OVERRIDE");
    if (override != null && !override.isBlank()) {
      return override.strip();
    }
    URI uri = URI.create(endpoint);
    if (List.of("tcp", "http", "https").contains(uri.getScheme()) && uri.getHost() != null) {
      return uri.getHost();
    }
    if (Files.exists(Path.of("/.dockerenv")) && !sameMachine(engineName.get())) {
      return defaultGateway().orElse("127.0.0.1");
    }
    return "127.0.0.1";
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether a dockerd runs among this container's own processes (then its socket is this machine's engine). */
  static boolean dockerdHere() {
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().map(c -> c.endsWith("/dockerd"))
        .orElse(false));
  }

  /** Whether the engine runs in this very container (Docker in the same container, as in many CI images). */
  private static boolean sameMachine(String engineName) {
    try {
      return engineName == null || engineName.equals(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static String engineName(DockerClient client) {
    try {
      return client.infoCmd().exec().getName();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The default route's gateway from /proc/net/route (what Testcontainers asks a helper container for). */
  static Optional<String> defaultGateway() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 2 && f[1].equals("00000000")) {
          long g = Long.parseLong(f[2], 16);
          return Optional.of((g & 0xff) + "." + ((g >> 8) & 0xff) + "." + ((g >> 16) & 0xff) + "." + ((g >> 24) & 0xff));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no route: fall back to loopback
    }
    return Optional.empty();
  }

  /** Closes the client when zkorch opened it. */
  public void close() {
    if (!ownsClient) {
      return;
    }
    try {
      client.close();
    } catch (IOException e) {
      // closing a connection pool; nothing to recover
    }
  }
}
