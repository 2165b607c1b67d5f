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

  /**
   * Whether standard error — where progress goes — is an interactive terminal: no spinner in pipes, files or CI, even
   * when standard output is a terminal ({@code zkorch up 2>log} from a shell).
   */
  static boolean isTerminal() {
    String term = System.getenv("TERM");
    return stderrIsTerminal() && term != null && !term.equals("dumb") && System.getenv("CI") == null;
  }

  /**
   * Linux says where file descriptor 2 points ({@code /proc/self/fd/2}): a terminal is a {@code /dev/pts/N} or
   * {@code /dev/ttyN}. Elsewhere, the JVM's console (which asks about standard input and output) stands in.
   */
  static boolean stderrIsTerminal() {
    java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
    try {
      return isTerminalDevice(java.nio.file.Files.readSymbolicLink(fd2).toString());
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /** Whether a device path names a terminal. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.matches("/dev/tty[0-9A-Za-z]*") || target.equals("/dev/console");
  }

  /** {@code --progress}: auto (a spinner when standard error is a terminal), tty (always) or plain (never). */
  enum Mode { auto, tty, plain }

  static boolean terminal(Mode mode) {
    return switch (mode) {
      case tty -> true;
      case plain -> false;
      default -> isTerminal();
    };
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
