/** ClusterSpec → a Compose Specification file: a pure function over {@link io.zkorch.topology.Topology}. */
package io.zkorch.compose;
