package io.zkorch.runtime;

import java.nio.file.Path;
import java.util.List;

/** The provider role that lets a user (and zkorch's checks) look inside: logs, an export, four-letter words. */
public interface Diagnostics {

  /** The last {@code tail} log lines of one node (all when tail is 0). */
  String logs(String cluster, String service, int tail);

  /** Writes every node's logs and description to {@code dir}; returns the files written. */
  List<Path> exportLogs(String cluster, Path dir);

  /**
   * A four-letter word asked of a member from inside its own network namespace: its own view even when the host
   * cannot reach it (partitioned).
   */
  String fourLetterWordInside(String cluster, String target, String word);
}
