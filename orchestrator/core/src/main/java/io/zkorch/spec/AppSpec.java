package io.zkorch.spec;

import java.util.List;
import java.util.Map;

/**
 * An application service: containers that reach the ensemble through {@code ZK_HOSTS}.
 *
 * @param name service name; containers are named {@code <cluster>-<name>-<n>}
 * @param image the image to run; empty means zkorch's app image
 * @param replicas how many containers
 * @param command the container command (for zkorch's app image: a zkorch subcommand such as {@code probe})
 * @param env extra environment; {@code ZK_HOSTS} is always injected
 * @param ports published ports as {@code HOST:CONTAINER}, bound to 127.0.0.1
 * @param user the SASL user its containers log in as (of {@code zookeeper.security.sasl.users}); null: the first
 *     user by name, when clients use SASL
 */
public record AppSpec(
    String name, String image, Integer replicas, List<String> command, Map<String, String> env, List<String> ports,
    String user) {

  public AppSpec(String name, String image, Integer replicas, List<String> command, Map<String, String> env,
      List<String> ports) {
    this(name, image, replicas, command, env, ports, null);
  }

  /** Whether this service runs zkorch's own app image. */
  public boolean usesZkorchImage() {
    return image == null || image.isEmpty();
  }
}
