package io.zkorch.runtime;

import java.util.List;

/**
 * One scenario worker to run to completion in the cluster's network.
 *
 * @param name the worker's name, such as w3 (its container is {@code <cluster>-<scenario>-<name>})
 * @param command the app image's command, such as {@code worker lock --base ...} (empty: the image's own)
 * @param env variables for this worker alone (a user's own worker learns its name and znodes from them)
 */
public record WorkerRun(String name, List<String> command, java.util.Map<String, String> env) {

  public WorkerRun {
    command = List.copyOf(command);
    env = java.util.Map.copyOf(env);
  }

  /** One of zkorch's own workers: its command, no environment of its own. */
  public WorkerRun(String name, List<String> command) {
    this(name, command, java.util.Map.of());
  }
}
