package io.zkorch.runtime;

import java.util.List;

/**
 * One scenario worker to run to completion in the cluster's network.
 *
 * @param name the worker's name, such as w3 (its container is {@code <cluster>-<scenario>-<name>})
 * @param command the app image's command, such as {@code worker lock --base ...}
 */
public record WorkerRun(String name, List<String> command) {

  public WorkerRun {
    command = List.copyOf(command);
  }
}
