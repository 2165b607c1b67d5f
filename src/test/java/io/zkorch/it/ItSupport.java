package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.async.ResultCallback;
import io.zkorch.image.BaseImage;
import io.zkorch.cli.DockerClients;
import io.zkorch.spec.Defaults;
import io.zkorch.topology.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the integration tests share: the base image, cluster files, timeouts, docker exec, and leak checks. */
final class ItSupport {

  private ItSupport() {}

  /** Every test timeout goes through here; ZKORCH_TEST_TIMEOUT_SCALE stretches them on slow machines. */
  static Duration timeout(Duration d) {
    String scale = System.getenv("ZKORCH_TEST_TIMEOUT_SCALE");
    return scale == null ? d : Duration.ofMillis((long) (d.toMillis() * Double.parseDouble(scale)));
  }

  static String seconds(Duration d) {
    return timeout(d).toSeconds() + "s";
  }

  /** The base image the tests build on: ZKORCH_BASE_IMAGE, else zkorch's offline base when present. */
  static String baseImage() {
    String env = System.getenv(Defaults.BASE_IMAGE_ENV);
    if (env != null && !env.isBlank()) {
      return env;
    }
    try (DockerClient docker = DockerClients.connect()) {
      docker.inspectImageCmd(BaseImage.DEFAULT_TAG).exec();
      return BaseImage.DEFAULT_TAG;
    } catch (Exception e) {
      return Defaults.BASE_IMAGE;
    }
  }

  /** Writes a cluster file for cluster {@code name} with the test base image; {@code body} is YAML after name. */
  static Path clusterFile(Path dir, String name, String body) {
    String yaml = "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + name + "\n" + body
        + "\nimages:\n  base: " + baseImage() + "\n";
    try {
      Path file = dir.resolve(name + ".yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command in a container; returns its output. */
  static String exec(DockerClient docker, String container, String... cmd) {
    ExecCreateCmdResponse exec = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true)
        .withAttachStderr(true).exec();
    StringBuilder out = new StringBuilder();
    try {
      docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString();
  }

  /** Asserts that no container, network or volume carries the cluster's label. */
  static void assertNothingLeft(String cluster) {
    String filter = Labels.CLUSTER + "=" + cluster;
    try (DockerClient docker = DockerClients.connect()) {
      assertEquals(List.of(), docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()
          .stream().map(c -> c.getNames()[0]).toList(), "containers left by " + cluster);
      assertEquals(List.of(), docker.listNetworksCmd().withFilter("label", List.of(filter)).exec().stream()
          .map(n -> n.getName()).toList(), "networks left by " + cluster);
      var volumes = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
      assertEquals(List.of(), volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList(),
          "volumes left by " + cluster);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes everything of the cluster (by label), whatever state a failed test left it in. */
  static void removeQuietly(String cluster) {
    try (var runtime = io.zkorch.cli.DockerClients.runtime()) {
      runtime.remove(cluster, true);
    } catch (RuntimeException e) {
      // best effort; assertNothingLeft reports what remains
    }
  }
}
