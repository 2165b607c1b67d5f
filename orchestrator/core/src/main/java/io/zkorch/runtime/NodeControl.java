package io.zkorch.runtime;

/**
 * The provider role that stops and starts single nodes. Each method takes the cluster and a node's target name
 * (zk2, lock-w3) and acts on that one container or process.
 */
public interface NodeControl {

  /** Kills it at once (SIGKILL); it stays, stopped, until {@link #start} or a heal. */
  void kill(String cluster, String target);

  /** Starts a stopped (killed) node again, with its data. */
  void start(String cluster, String target);

  /** Freezes every process of it (SIGSTOP semantics): it neither answers nor notices time passing. */
  void pause(String cluster, String target);

  /** Resumes a paused node. */
  void unpause(String cluster, String target);
}
