package io.zkorch.spec;

import java.util.HashMap;
import java.util.Map;

/** Where each YAML path was written in the file, so that validation problems can point at a line. */
public final class SourceMap {

  private final Map<String, int[]> positions = new HashMap<>();

  void put(String path, int line, int column) {
    positions.put(path, new int[] {line, column});
  }

  /** A problem at {@code path}, located at that path or its nearest written ancestor. */
  public SpecProblem problem(String path, String message) {
    String p = path;
    while (true) {
      int[] pos = positions.get(p);
      if (pos != null) {
        return new SpecProblem(path, pos[0], pos[1], message);
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return new SpecProblem(path, 0, 0, message);
      }
      p = p.substring(0, cut);
    }
  }
}
