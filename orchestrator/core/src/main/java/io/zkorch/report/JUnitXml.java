package io.zkorch.report;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.ScenarioResult;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, written with the JDK's StAX writer: one test suite per scenario (with its {@code timestamp} and {@code
 * time}), one test case per check. A failed check is a {@code <failure>}; a check that held with a warning keeps
 * passing but says so in {@code <system-err>} and in a {@code warning} property, where CI systems (GitLab, Jenkins,
 * GitHub test reporters) show it.
 */
final class JUnitXml {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private JUnitXml() {}

  static String render(String cluster, List<ScenarioResult> results) {
    return render(cluster, results, null);
  }

  static String render(String cluster, List<ScenarioResult> results, Reports.RunInfo info) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      long tests = results.stream().mapToLong(r -> r.checks().size()).sum();
      long failures = results.stream().flatMap(r -> r.checks().stream()).filter(c -> !c.passed()).count();
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "zkorch " + cluster);
      x.writeAttribute("tests", Long.toString(tests));
      x.writeAttribute("failures", Long.toString(failures));
      x.writeAttribute("time", seconds(results.stream().mapToDouble(r -> r.history().seconds()).sum()));
      if (info != null) {
        x.writeAttribute("timestamp", TIMESTAMP.format(info.started()));
      }
      x.writeCharacters("\n");
      for (ScenarioResult r : results) {
        long f = r.checks().stream().filter(c -> !c.passed()).count();
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", r.spec().name());
        x.writeAttribute("tests", Integer.toString(r.checks().size()));
        x.writeAttribute("failures", Long.toString(f));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(r.history().seconds()));
        x.writeAttribute("timestamp", TIMESTAMP.format(suiteStart(r, info)));
        x.writeAttribute("hostname", "zkorch");
        x.writeCharacters("\n");
        if (info != null) {
          x.writeCharacters("    ");
          x.writeStartElement("properties");
          property(x, "zkorch", info.zkorch());
          property(x, "zookeeper", info.zookeeper());
          property(x, "runtime", info.runtime());
          if (info.seed() != null) {
            property(x, "seed", info.seed().toString());
          }
          x.writeEndElement();
          x.writeCharacters("\n");
        }
        // each check judges the whole run: its time is the scenario's, shared out so the suite's sum holds
        double each = r.checks().isEmpty() ? 0 : r.history().seconds() / r.checks().size();
        for (CheckResult c : r.checks()) {
          x.writeCharacters("    ");
          x.writeStartElement("testcase");
          x.writeAttribute("classname", "zkorch." + r.spec().kind().id() + "." + r.spec().name());
          x.writeAttribute("name", c.name());
          x.writeAttribute("time", seconds(each));
          if (!c.passed()) {
            x.writeStartElement("failure");
            x.writeAttribute("message", c.detail());
            x.writeAttribute("type", "zkorch.CheckFailed");
            x.writeCharacters(c.detail());
            x.writeEndElement();
          } else if (c.warning()) {
            x.writeStartElement("properties");
            property(x, "warning", c.detail());
            x.writeEndElement();
            x.writeStartElement("system-err");
            x.writeCharacters("WARNING: " + c.detail());
            x.writeEndElement();
          } else {
            x.writeStartElement("system-out");
            x.writeCharacters(c.detail());
            x.writeEndElement();
          }
          x.writeEndElement();
          x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing junit.xml", e);
    }
    return out.toString();
  }

  private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeEmptyElement("property");
    x.writeAttribute("name", name);
    x.writeAttribute("value", value);
  }

  /** When the scenario's workers started (its first start record), else the run's start, else now. */
  private static Instant suiteStart(ScenarioResult r, Reports.RunInfo info) {
    long us = Reports.runStart(r);
    if (us > 0) {
      return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
    }
    return info == null ? Instant.now() : info.started();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }
}
