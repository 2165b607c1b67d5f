package io.zkorch.spec;

import io.zkorch.ZkorchException;
import java.util.List;
import java.util.stream.Collectors;

/** A cluster file with one or more problems; all of them are listed, not just the first. */
public final class InvalidSpecException extends ZkorchException {

  private final List<SpecProblem> problems;

  public InvalidSpecException(String source, List<SpecProblem> problems) {
    super(EXIT_USAGE, describe(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid spec needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String describe(String source, List<SpecProblem> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return source
        + " has "
        + count
        + ":\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
