package io.zkorch.progress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Progress that remembers each step's outcome ({@code ok TITLE}, {@code fail TITLE}) and what it said. */
public final class RecordingProgress implements Progress {

  /** {@code ok TITLE} or {@code fail TITLE}, in order. */
  public final List<String> lines = new CopyOnWriteArrayList<>();
  /** {@code TITLE: NOTE} of every finished step, in order. */
  public final List<String> notes = new CopyOnWriteArrayList<>();

  @Override
  public Step start(String title) {
    return new Step() {
      @Override
      public void ok(String note) {
        lines.add("ok " + title);
        notes.add(title + ": " + note);
      }

      @Override
      public void fail(String reason) {
        lines.add("fail " + title);
        notes.add(title + ": " + reason);
      }
    };
  }

  @Override
  public void detail(String line) {}
}
