package io.zkorch.spec;

/**
 * One thing wrong with a cluster file.
 *
 * @param path the YAML path, such as {@code zookeeper.members} or {@code apps[1].name}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong and the fix
 */
public record SpecProblem(String path, int line, int column, String message) {

  @Override
  public String toString() {
    String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
    return path + where + ": " + message;
  }
}
