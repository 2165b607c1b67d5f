package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.zkorch.ZkorchException;
import java.time.Duration;

/** Connects to the Docker engine the way the docker CLI would (DOCKER_HOST, else the local socket). */
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
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
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
    try (DockerClient client = connect()) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
