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

  /** A client to an engine that has answered a ping; otherwise an environment error naming the fix. */
  public static DockerClient connect() {
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
