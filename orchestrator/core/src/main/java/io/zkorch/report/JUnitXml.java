package io.zkorch.report;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.ScenarioResult;
import java.util.List;

/** JUnit XML: one test suite per scenario, one test case per check, so CI systems show each verdict. */
final class JUnitXml {

  private JUnitXml() {}

  static String render(String cluster, List<ScenarioResult> results) {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long tests = results.stream().mapToLong(r -> r.checks().size()).sum();
    long failures = results.stream().flatMap(r -> r.checks().stream()).filter(c -> !c.passed()).count();
    x.append("<testsuites name=\"zkorch ").append(esc(cluster)).append("\" tests=\"").append(tests)
        .append("\" failures=\"").append(failures).append("\">\n");
    for (ScenarioResult r : results) {
      long f = r.checks().stream().filter(c -> !c.passed()).count();
      x.append("  <testsuite name=\"").append(esc(r.spec().name())).append("\" tests=\"").append(r.checks().size())
          .append("\" failures=\"").append(f).append("\" time=\"").append(r.history().seconds()).append("\">\n");
      for (CheckResult c : r.checks()) {
        x.append("    <testcase classname=\"zkorch.").append(esc(r.spec().kind().id())).append('.')
            .append(esc(r.spec().name())).append("\" name=\"").append(esc(c.name())).append("\">");
        if (c.passed()) {
          x.append("<system-out>").append(c.warning() ? "WARNING: " : "").append(esc(c.detail())).append("</system-out>");
        } else {
          x.append("<failure message=\"").append(esc(c.detail())).append("\">").append(esc(c.detail()))
              .append("</failure>");
        }
        x.append("</testcase>\n");
      }
      x.append("  </testsuite>\n");
    }
    return x.append("</testsuites>\n").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
