package io.zkorch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.History;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.spec.ScenarioSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What a run's reports say about themselves: JUnit XML a CI system reads, and who produced report.json/html. */
class ReportsTest {

  @TempDir Path dir;

  private static ScenarioResult result(String name, List<CheckResult> checks) {
    ScenarioSpec spec = ScenarioSpec.of(name, io.zkorch.spec.ScenarioTypes.of("lock"), 3, Duration.ofSeconds(10),
        Map.of());
    return new ScenarioResult(spec, checks, Map.of(), new History(List.of(), Map.of(), Map.of(), 12.5));
  }

  private static final Reports.RunInfo INFO = new Reports.RunInfo("0.1.0", "3.9.5", "docker", 3L,
      Instant.parse("2026-11-30T02:00:00Z"), Instant.parse("2026-11-30T02:00:30Z"));

  @Test
  void junitXmlHasTimesTimestampsFailuresAndWarningsWhereCiShowsThem() throws Exception {
    List<ScenarioResult> results = List.of(
        result("lock", List.of(CheckResult.pass("mutual exclusion", "no overlap <&> \"quoted\""),
            CheckResult.warn("stale holders", "1 stale holder"))),
        result("lock-bad", List.of(CheckResult.fail("mutual exclusion", "2 holders at once"))));
    String xml = JUnitXml.render("dev", results, INFO);
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element root = d.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("3", root.getAttribute("tests"));
    assertEquals("1", root.getAttribute("failures"));
    assertEquals("25.000", root.getAttribute("time"));
    assertEquals("2026-11-30T02:00:00", root.getAttribute("timestamp"));
    NodeList suites = d.getElementsByTagName("testsuite");
    assertEquals(2, suites.getLength());
    Element first = (Element) suites.item(0);
    assertEquals("12.500", first.getAttribute("time"));
    assertTrue(first.getAttribute("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), xml);
    NodeList cases = d.getElementsByTagName("testcase");
    assertEquals(3, cases.getLength());
    Element pass = (Element) cases.item(0);
    assertEquals("6.250", pass.getAttribute("time"));
    assertEquals("no overlap <&> \"quoted\"", pass.getElementsByTagName("system-out").item(0).getTextContent());
    Element warn = (Element) cases.item(1);
    assertEquals("WARNING: 1 stale holder", warn.getElementsByTagName("system-err").item(0).getTextContent());
    assertEquals(0, warn.getElementsByTagName("failure").getLength(), "a warning still passes");
    Element property = (Element) warn.getElementsByTagName("property").item(0);
    assertEquals("warning", property.getAttribute("name"));
    Element failed = (Element) cases.item(2);
    Element failure = (Element) failed.getElementsByTagName("failure").item(0);
    assertEquals("2 holders at once", failure.getAttribute("message"));
    // the run's provenance as suite properties
    NodeList props = first.getElementsByTagName("properties");
    assertTrue(props.item(0).getTextContent().isEmpty());
    assertTrue(xml.contains("<property name=\"zookeeper\" value=\"3.9.5\"/>"), xml);
    assertTrue(xml.contains("<property name=\"seed\" value=\"3\"/>"), xml);
  }

  @Test
  void reportsSayWhatProducedThem() throws Exception {
    List<Path> files = Reports.write(dir, "dev", List.of(result("lock", List.of(CheckResult.pass("a", "b")))), null,
        INFO);
    String json = Files.readString(files.get(0));
    assertTrue(json.contains("\"producedBy\" : {\n    \"zkorch\" : \"0.1.0\",\n    \"zookeeper\" : \"3.9.5\",\n"
        + "    \"runtime\" : \"docker\",\n    \"seed\" : 3,\n    \"started\" : \"2026-11-30T02:00:00Z\""), json);
    String html = Files.readString(files.get(2));
    assertTrue(html.contains("zkorch 0.1.0 · ZooKeeper 3.9.5 · runtime docker · seed 3 · 2026-11-30T02:00:00Z"),
        html);
  }
}
