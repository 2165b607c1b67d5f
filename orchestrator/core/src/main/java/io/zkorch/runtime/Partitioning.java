package io.zkorch.runtime;

/**
 * The optional provider role that cuts nodes off the network. A provider that cannot partition (local processes
 * share one loopback) simply does not implement it; {@link Provider#partitioning()} says whether one does.
 */
public interface Partitioning {

  /** Cuts it off from the cluster's network: it can reach no member and no member can reach it. */
  void disconnect(String cluster, String target);

  /**
   * Reconnects it under its old name, and takes away any isolation ({@link #isolate}); idempotent, so a heal finds
   * and undoes what a fault left even when the process that made it is gone.
   */
  void connect(String cluster, String target);

  /**
   * Cuts it off from the other members only (an app: from every member); its clients still reach it. Marked where
   * the provider keeps state (labels), so that {@link #connect} finds it later.
   */
  default void isolate(String cluster, String target) {
    throw io.zkorch.ZkorchException.usage("This runtime cannot isolate " + target + " from the other members yet;"
        + " partition-" + target + " cuts it off entirely, or use --runtime docker.");
  }
}
