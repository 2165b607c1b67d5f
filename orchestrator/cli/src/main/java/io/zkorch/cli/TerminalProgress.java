package io.zkorch.cli;

import io.zkorch.progress.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows steps the way kind does: on a terminal a spinner that ends in ✓ or ✗ with the time taken; otherwise plain
 * lines (one when a step starts, one when it ends), fit for CI logs.
 */
final class TerminalProgress implements Progress {

  private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

  private final PrintStream out;
  private final boolean terminal;
  private final boolean verbose;
  private final Object lock = new Object();
  private volatile ActiveStep active;

  TerminalProgress(PrintStream out, boolean terminal, boolean verbose) {
    this.out = out;
    this.terminal = terminal;
    this.verbose = verbose;
  }

  /** Whether stderr is an interactive terminal (no spinner in pipes, files or CI). */
  static boolean isTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb") && System.getenv("CI") == null;
  }

  @Override
  public Step start(String title) {
    ActiveStep step = new ActiveStep(title);
    synchronized (lock) {
      active = step;
      if (terminal) {
        step.draw(0);
        Thread spinner = new Thread(() -> step.spin(), "zkorch-spinner");
        spinner.setDaemon(true);
        spinner.start();
      } else {
        out.println(" • " + title + " ...");
      }
    }
    return step;
  }

  @Override
  public void detail(String line) {
    if (!verbose) {
      return;
    }
    synchronized (lock) {
      if (terminal && active != null && !active.done) {
        out.print("\r\033[2K");
      }
      out.println("   " + line);
      if (terminal && active != null && !active.done) {
        active.draw(active.frame);
      }
    }
  }

  private final class ActiveStep implements Step {
    private final String title;
    private final long start = System.nanoTime();
    private volatile String status = "";
    private volatile boolean done;
    private int frame;

    ActiveStep(String title) {
      this.title = title;
    }

    void spin() {
      while (!done) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
        synchronized (lock) {
          // steps may overlap (images check side by side); only the newest one animates the line
          if (!done && active == this) {
            draw(++frame);
          }
        }
      }
    }

    void draw(int f) {
      String s = status.isEmpty() ? "" : "  " + truncate(status, 70);
      out.print("\r\033[2K " + SPINNER[f % SPINNER.length] + " " + title + s);
      out.flush();
    }

    @Override
    public void update(String newStatus) {
      status = newStatus == null ? "" : newStatus;
    }

    @Override
    public void ok(String note) {
      end("✓", note);
    }

    @Override
    public void fail(String reason) {
      end("✗", reason);
    }

    private void end(String mark, String note) {
      synchronized (lock) {
        if (done) {
          return;
        }
        done = true;
        String elapsed = String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - start) / 1e9);
        String tail = note == null || note.isBlank() ? "" : " — " + truncate(note.strip().replace('\n', ' '), 100);
        if (terminal) {
          out.print("\r\033[2K");
        }
        out.println(" " + mark + " " + title + " (" + elapsed + ")" + tail);
        out.flush();
      }
    }
  }

  private static String truncate(String s, int max) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
