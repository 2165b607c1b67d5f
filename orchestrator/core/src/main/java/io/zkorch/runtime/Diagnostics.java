package io.zkorch.runtime;

import java.nio.file.Path;
import java.util.List;

/** The provider role that lets a user (and zkorch's checks) look inside: logs, an export, four-letter words. */
public interface Diagnostics {

  /** The last {@code tail} log lines of one node (all when tail is 0). */
  String logs(String cluster, String service, int tail);

  /**
   * Prints one node's log as it grows (the last {@code tail} lines first; all when 0), line by line, until {@code
   * stop} says so or the thread is interrupted. This default asks for the whole log every half second and prints
   * what is new; a runtime that can stream (Docker) does that instead.
   */
  default void follow(String cluster, String service, int tail, java.util.function.Consumer<String> lines,
      java.util.function.BooleanSupplier stop) {
    String[] first = logs(cluster, service, 0).split("\n", -1);
    int seen = first.length - 1; // the last element is the unfinished line (or the empty rest after a newline)
    for (int i = tail == 0 ? 0 : Math.max(0, seen - tail); i < seen; i++) {
      lines.accept(first[i]);
    }
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      String[] now;
      try {
        now = logs(cluster, service, 0).split("\n", -1);
      } catch (RuntimeException gone) {
        return; // the node was removed
      }
      int complete = now.length - 1;
      if (complete < seen) {
        seen = 0; // the log was replaced (a restarted local member): print it from its start
      }
      for (int i = seen; i < complete; i++) {
        lines.accept(now[i]);
      }
      seen = complete;
    }
  }

  /** Writes every node's logs and description to {@code dir}; returns the files written. */
  List<Path> exportLogs(String cluster, Path dir);

  /**
   * A four-letter word asked of a member from inside its own network namespace: its own view even when the host
   * cannot reach it (partitioned).
   */
  String fourLetterWordInside(String cluster, String target, String word);
}
