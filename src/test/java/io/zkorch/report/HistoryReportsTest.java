package io.zkorch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkorch.linear.LockHistory;
import io.zkorch.linear.Op;
import io.zkorch.linear.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users' own histories get the reports zkorch's runs get: the verdict, the picture of what failed, the history. */
class HistoryReportsTest {

  @TempDir Path dir;

  @Test
  void aLockWithTwoHoldersAtOnceLeavesAPictureOfTheStretch() throws Exception {
    LockHistory h = new LockHistory();
    h.acquire("client-1").ok();
    h.acquire("client-2").ok(); // client-1 has not begun to release
    h.release("client-1").ok();
    h.release("client-2").ok();
    List<Path> files = HistoryReports.write(dir, "job-lock", h);
    assertEquals(List.of("report.json", "junit.xml", "report.html", "job-lock-history.jsonl", "job-lock-history.edn"),
        files.stream().map(f -> f.getFileName().toString()).toList());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    JsonNode check = json.get("scenarios").get(0).get("checks").get(0);
    assertFalse(check.get("passed").asBoolean(), check.toString());
    assertTrue(check.get("detail").asText().startsWith("two holders at once"), check.toString());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("no order explains") && html.contains("<svg"), "the stretch, drawn");
    assertTrue(html.contains("cas nil→client-2"), "each bar labelled with its call");
    assertTrue(Files.readString(dir.resolve("junit.xml")).contains("<failure"), "junit.xml fails too");
  }

  @Test
  void aLinearizableRegisterPassesWithNoCounterexample() throws Exception {
    Recorder r = new Recorder();
    for (int i = 0; i < 20; i++) {
      r.invoke("c" + (i % 2), Op.F.WRITE, Integer.toString(i)).ok();
      r.invoke("c" + (i % 2), Op.F.READ, null).ok(Integer.toString(i));
    }
    HistoryReports.write(dir, "store", r);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    JsonNode check = json.get("scenarios").get(0).get("checks").get(0);
    assertTrue(check.get("passed").asBoolean(), check.toString());
    assertEquals(40, json.get("scenarios").get(0).get("figures").get("operations").asInt(), json.toString());
    assertFalse(Files.readString(dir.resolve("report.html")).contains("no order explains"));
  }

  @Test
  void queueAndConfigHistoriesSayWhatTheirChecksFound() throws Exception {
    io.zkorch.linear.QueueHistory queue = new io.zkorch.linear.QueueHistory();
    queue.put("1").ok();
    queue.put("2").ok();
    queue.taken("c1", "1");
    queue.taken("c2", "1"); // taken twice, and 2 never
    HistoryReports.write(dir.resolve("q"), "jobs", queue);
    JsonNode q = new ObjectMapper().readTree(dir.resolve("q/report.json").toFile()).get("scenarios").get(0);
    assertFalse(q.get("passed").asBoolean(), q.toString());
    assertTrue(q.get("checks").get(0).get("detail").asText().contains("1 acknowledged items never taken (lost): 2"),
        q.toString());
    assertEquals(2, q.get("figures").get("put").asInt(), q.toString());

    io.zkorch.linear.ConfigHistory config = new io.zkorch.linear.ConfigHistory();
    for (long v = 1; v <= 3; v++) {
      config.publish(v).ok();
      config.seen("w1", v);
    }
    config.seen("w2", 3);
    HistoryReports.write(dir.resolve("c"), "settings", config);
    JsonNode c = new ObjectMapper().readTree(dir.resolve("c/report.json").toFile()).get("scenarios").get(0);
    assertTrue(c.get("passed").asBoolean(), c.toString());
    assertEquals(3, c.get("figures").get("published").asInt(), c.toString());
    String html = Files.readString(dir.resolve("c/report.html"));
    assertTrue(html.contains("propagation latency") && html.contains("<svg"), "how long the watchers took, drawn");
  }
}
