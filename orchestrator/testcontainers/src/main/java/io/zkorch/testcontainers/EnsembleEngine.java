package io.zkorch.testcontainers;

import io.zkorch.progress.Progress;
import io.zkorch.runtime.docker.DockerEngine;
import io.zkorch.runtime.docker.DockerProvider;
import io.zkorch.spec.ClientPortSpec;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.ZooKeeperSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * What {@link ZooKeeperEnsemble} takes from Testcontainers and the engine: the engine itself (Testcontainers' client
 * and host), image names through Testcontainers' substitution, client ports to publish, the reaping of ensembles
 * whose JVM died, and progress as SLF4J log lines.
 */
final class EnsembleEngine {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsemble.class);

  private EnsembleEngine() {}

  /**
   * Testcontainers' own engine: its client (DOCKER_HOST, ~/.testcontainers.properties, Docker Desktop, …) and its
   * idea of where published ports are reached (TESTCONTAINERS_HOST_OVERRIDE, a tcp:// host, a gateway).
   */
  static DockerEngine engine() {
    DockerClientFactory factory = DockerClientFactory.instance();
    if (!factory.isDockerAvailable()) {
      throw new IllegalStateException("ZooKeeperEnsemble needs a Docker engine and none answers (DOCKER_HOST="
          + Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unset, so /var/run/docker.sock")
          + "); start Docker, or skip such tests without one with @ZooKeeperTest(disabledWithoutDocker = true) or"
          + " @Testcontainers(disabledWithoutDocker = true).");
    }
    return new DockerEngine(factory.client(), factory.getTransportConfig().getDockerHost().toString(),
        factory.dockerHostIpAddress(), false);
  }

  /**
   * An image name as Testcontainers' configured image-name substitution has it (a registry mirror or prefix from
   * ~/.testcontainers.properties), so that ensembles use the images the rest of the test suite uses.
   */
  static String substituted(String imageName) {
    if (imageName == null || imageName.isBlank()) {
      return imageName;
    }
    return ImageNameSubstitutor.instance().apply(DockerImageName.parse(imageName)).asCanonicalNameString();
  }

  /** Removes ensembles whose JVM died without stopping them; never fails a start. */
  static void reapOrphans(DockerProvider runtime) {
    try {
      for (String orphan : runtime.orphans()) {
        runtime.remove(orphan, true);
        LOG.info("Removed ZooKeeper ensemble {}: the JVM that started it is gone.", orphan);
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not look for orphaned ensembles: {}", e.getMessage());
    }
  }

  /** The spec with client ports {@code base, base + 1, …}. */
  static ClusterSpec withClientPorts(ClusterSpec spec, int base) {
    ZooKeeperSpec z = spec.zookeeper();
    return spec.withZooKeeper(z.withClientPort(new ClientPortSpec(base, z.clientPort().bind())));
  }

  /**
   * The first of {@code count} consecutive ports that are free on 127.0.0.1 now; on an engine elsewhere, where they
   * cannot be checked from here, a random range (a taken one fails the start with a port error, and start tries
   * another).
   */
  static int freePorts(int count, boolean local) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      if (!local || IntStream.range(base, base + count).allMatch(EnsembleEngine::free)) {
        return base;
      }
    }
    throw new IllegalStateException("ZooKeeperEnsemble found no " + count + " consecutive free ports on 127.0.0.1.");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** Image builds report through SLF4J: a library never prints. */
  static final class LogProgress implements Progress {
    @Override
    public Step start(String title) {
      long t0 = System.nanoTime();
      return new Step() {
        @Override
        public void ok(String note) {
          LOG.debug("{}: {} ({} ms)", title, note.isEmpty() ? "done" : note, (System.nanoTime() - t0) / 1_000_000);
        }

        @Override
        public void fail(String reason) {
          LOG.warn("{}: {}", title, reason);
        }
      };
    }

    @Override
    public void detail(String line) {
      LOG.debug("{}", line);
    }
  }
}
