package io.zkorch.cli;

/** Prints whether zkorch would draw a spinner in this process (run by a test under a pseudo-terminal). */
public final class TtyProbe {

  private TtyProbe() {}

  public static void main(String[] args) {
    System.out.println("terminal=" + TerminalProgress.isTerminal());
  }
}
