package io.zkorch.scenario;

import io.zkorch.spec.ScenarioSpec;
import java.util.List;
import java.util.Map;

/**
 * A finished scenario: what ran, its checks and figures, and the history they came from (reports draw it).
 *
 * @param spec the scenario
 * @param checks the checks, in order
 * @param figures named figures (throughput, latency percentiles, fairness, ...)
 * @param history every record and exit code
 */
public record ScenarioResult(ScenarioSpec spec, List<CheckResult> checks, Map<String, Object> figures,
    History history) {

  public boolean passed() {
    return checks.stream().allMatch(CheckResult::passed);
  }
}
