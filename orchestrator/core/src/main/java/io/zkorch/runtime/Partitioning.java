package io.zkorch.runtime;

/**
 * The optional provider role that cuts nodes off the network. A provider that cannot partition (local processes
 * share one loopback) simply does not implement it; {@link Provider#partitioning()} says whether one does.
 */
public interface Partitioning {

  /** Cuts it off from the cluster's network: it can reach no member and no member can reach it. */
  void disconnect(String cluster, String target);

  /** Reconnects it under its old name. */
  void connect(String cluster, String target);
}
