package io.zkorch.progress;

/** Receives the engine's steps and detail lines. Implementations must be thread-safe. */
public interface Progress {

  /** Starts a step such as "Starting members". */
  Step start(String title);

  /** A line of detail, such as a build log line; shown only when the user asked for detail. */
  void detail(String line);

  /** A step that has started; end it exactly once. */
  interface Step {
    /** The step succeeded. */
    default void ok() {
      ok("");
    }

    /** The step succeeded; {@code note} is a short remark such as "cached". */
    void ok(String note);

    /** The step failed. */
    void fail(String reason);

    /** Updates what the running step is waiting on (for example which check is still failing). */
    default void update(String status) {}
  }

  /** A Progress that shows nothing. */
  static Progress silent() {
    return new Progress() {
      @Override
      public Step start(String title) {
        return new Step() {
          @Override
          public void ok(String note) {}

          @Override
          public void fail(String reason) {}
        };
      }

      @Override
      public void detail(String line) {}
    };
  }
}
