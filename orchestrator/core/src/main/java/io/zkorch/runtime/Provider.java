package io.zkorch.runtime;

import java.util.Optional;

/**
 * Where a cluster's members and apps run (kind's provider): the roles every provider plays — {@link Provisioning},
 * {@link NodeControl}, {@link Diagnostics}, {@link WorkerLauncher} — and the optional {@link Partitioning}.
 * Implementations: Docker ({@code DockerProvider}) and local processes ({@code LocalProvider}).
 */
public interface Provider extends Provisioning, NodeControl, Diagnostics, WorkerLauncher, AutoCloseable {

  /** The partitioning role, when this provider can cut nodes off; empty when it cannot. */
  default Optional<Partitioning> partitioning() {
    return this instanceof Partitioning p ? Optional.of(p) : Optional.empty();
  }

  @Override
  void close();
}
