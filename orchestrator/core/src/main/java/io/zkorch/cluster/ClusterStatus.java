package io.zkorch.cluster;

import io.zkorch.health.Verdict;
import io.zkorch.runtime.ClusterState;

/**
 * A cluster as it is now: what exists, and (when members run) the quorum verdict.
 *
 * @param state its containers, network and volumes
 * @param verdict the quorum verdict, or null when no member runs
 * @param connectString the connect string for clients on this host
 */
public record ClusterStatus(ClusterState state, Verdict verdict, String connectString) {

  public boolean healthy() {
    return verdict != null && verdict.healthy();
  }
}
