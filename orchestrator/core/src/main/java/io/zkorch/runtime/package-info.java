/**
 * Where a cluster's members and apps run, as small roles (kind's provider, Curator's one-interface-per-concept):
 * {@link io.zkorch.runtime.Provisioning}, {@link io.zkorch.runtime.NodeControl}, the optional {@link
 * io.zkorch.runtime.Partitioning}, {@link io.zkorch.runtime.Diagnostics} and {@link io.zkorch.runtime.WorkerLauncher},
 * gathered by {@link io.zkorch.runtime.Provider}. Everything is found by labels, never by name patterns.
 */
package io.zkorch.runtime;
