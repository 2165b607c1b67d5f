package io.zkorch.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.zkorch.ZkorchException;
import io.zkorch.runtime.docker.DockerEngine;
import io.zkorch.runtime.docker.DockerProvider;
import java.time.Duration;

/**
 * Connects to the Docker engine the way the docker CLI would (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
 * else the local socket): the CLI's clients; the Testcontainers module uses Testcontainers' own.
 */
public final class DockerClients {

  private DockerClients() {}

  private static java.util.concurrent.CompletableFuture<DockerClient> early;

  /**
   * Starts connecting on another thread, so that a command's other start-up work (parsing, the cluster file) runs
   * meanwhile; the next {@link #connect()} takes this connection (or its error).
   */
  public static synchronized void connectEarly() {
    if (early == null) {
      early = java.util.concurrent.CompletableFuture.supplyAsync(DockerClients::open);
    }
  }

  /** The configured engine (DOCKER_HOST, else the local socket) as zkorch's Docker provider. */
  public static DockerProvider runtime() {
    String endpoint = endpoint();
    DockerEngine engine = DockerEngine.of(connect(), endpoint, true);
    return new DockerProvider(engine, java.util.Map.of(), localEngine(endpoint).orElse(null));
  }

  /**
   * The configured engine as a swarm manager, with the engines of other nodes zkorch may reach ({@code --node}, else
   * ZKORCH_SWARM_NODES, comma-separated), each connected as the docker CLI would with that DOCKER_HOST.
   */
  public static io.zkorch.runtime.swarm.SwarmProvider swarm(java.util.List<String> nodeEndpoints) {
    String endpoint = endpoint();
    DockerEngine manager = DockerEngine.of(connect(), endpoint, true);
    java.util.List<String> listed = new java.util.ArrayList<>(nodeEndpoints);
    if (listed.isEmpty() && System.getenv("ZKORCH_SWARM_NODES") != null) {
      for (String e : System.getenv("ZKORCH_SWARM_NODES").split(",")) {
        if (!e.isBlank()) {
          listed.add(e.strip());
        }
      }
    }
    java.util.List<DockerEngine> nodes = new java.util.ArrayList<>();
    for (String e : listed) {
      if (!e.matches("(tcp|unix)://.+")) {
        throw ZkorchException.usage("--node " + e + " is not an engine address; give it as tcp://HOST:PORT (the"
            + " node's Docker API, like DOCKER_HOST).");
      }
      if (e.equals(endpoint)) {
        continue; // the manager itself
      }
      nodes.add(DockerEngine.of(open(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(e)
          .withDockerTlsVerify(false).build()), e, true));
    }
    return new io.zkorch.runtime.swarm.SwarmProvider(manager, nodes, java.util.Map.of(),
        localEngine(endpoint).orElse(null));
  }

  /** The configured engine with where its published ports are reached; an environment error when none answers. */
  public static DockerEngine engine() {
    DockerClient client = connect();
    return DockerEngine.of(client, endpoint(), true);
  }

  /** The engine address in use, as the docker CLI would pick it. */
  public static String endpoint() {
    return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
  }

  /**
   * The engine on this machine's own socket, when DOCKER_HOST names another one and the socket answers: where
   * images the target engine lacks may be copied from (like {@code kind load docker-image}).
   */
  public static java.util.Optional<DockerClient> localEngine() {
    return localEngine(endpoint());
  }

  private static java.util.Optional<DockerClient> localEngine(String endpoint) {
    java.nio.file.Path socket = java.nio.file.Path.of("/var/run/docker.sock");
    if (endpoint.startsWith("unix://") || !java.nio.file.Files.exists(socket)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(open(DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost("unix://" + socket).withDockerTlsVerify(false).build()));
    } catch (RuntimeException none) {
      return java.util.Optional.empty();
    }
  }

  /** A client to an engine that has answered a ping; otherwise an environment error naming the fix. */
  public static DockerClient connect() {
    java.util.concurrent.CompletableFuture<DockerClient> pending;
    synchronized (DockerClients.class) {
      pending = early;
      early = null;
    }
    if (pending != null) {
      try {
        return pending.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return open();
  }

  private static DockerClient open() {
    return open(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  private static DockerClient open(DockerClientConfig config) {
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(3))
            .responseTimeout(Duration.ofMinutes(15))
            .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      try {
        client.close();
      } catch (Exception ignored) {
        // the engine is already unreachable
      }
      throw ZkorchException.environment(
          "No Docker engine answers at "
              + config.getDockerHost()
              + "; start one (for example `sudo dockerd &`, or Docker Desktop) or point DOCKER_HOST at one.",
          e);
    }
    return client;
  }

  /** Whether an engine answers, without keeping a connection. */
  public static boolean available() {
    try {
      DockerClient client = connect();
      synchronized (DockerClients.class) { // kept for the next connect(): one client, one ping
        if (early == null) {
          early = java.util.concurrent.CompletableFuture.completedFuture(client);
        } else {
          client.close();
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
