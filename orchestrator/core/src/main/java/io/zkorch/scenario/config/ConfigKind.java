package io.zkorch.scenario.config;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Picture;
import io.zkorch.scenario.ReadBack;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;

/**
 * Configuration watching: a writer publishes versions 1..N of a config znode, watchers follow it with Curator's
 * {@code CuratorCache}. Layout: {@code BASE/config} (the version), {@code BASE/ready} (watchers that started).
 */
public final class ConfigKind implements ScenarioKind {

  @Override
  public String id() {
    return "config";
  }

  @Override
  public int defaultWorkers() {
    return 10;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("updates", "200", "intervalMs", "10", "dropFinal", "false");
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    List<WorkerRun> runs = new ArrayList<>();
    String updates = s.param("updates");
    // under faults, versions are spread over the whole run so that every fault meets some
    String interval = shape.faulty() && !s.hasParam("intervalMs")
        ? Long.toString(s.duration().toMillis() / Math.max(1, s.intParam("updates"))) : s.param("intervalMs");
    List<String> writer = new ArrayList<>(ScenarioKind.command("config_writer", base, "writer", s.duration()));
    writer.addAll(List.of("--updates", updates, "--watchers", Integer.toString(s.workers()), "--interval-ms",
        interval));
    runs.add(new WorkerRun("writer", writer));
    // watchers wait for the writer's whole run plus a margin to converge (a longer one when faults slow it)
    java.time.Duration watchFor = s.duration().plusMillis(shape.faulty() ? 75_000 : 15_000);
    for (int i = 1; i <= s.workers(); i++) {
      List<String> cmd = new ArrayList<>(ScenarioKind.command("config_watcher", base, "watcher" + i, watchFor));
      cmd.addAll(List.of("--updates", updates));
      if (s.flag("dropFinal") && i == 1) {
        cmd.add("--drop-final"); // the negative control: one watcher drops the final update
      }
      runs.add(new WorkerRun("watcher" + i, cmd));
    }
    return runs;
  }

  @Override
  public boolean gatesItself() {
    return true; // the writer waits for its watchers
  }

  @Override
  public String startGate(String base) {
    return base + "/ready";
  }

  @Override
  public String describeWorkers(ScenarioSpec s) {
    return s.workers() + " config watchers and a writer";
  }

  @Override
  public Map<String, Long> finals(CuratorFramework client, String base) throws Exception {
    Map<String, Long> finals = new HashMap<>();
    ReadBack.leadingNumber(client, base + "/config").ifPresent(v -> finals.put("config", v));
    return finals;
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return ConfigChecker.check(h, s.intParam("updates"));
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("publish") ? r.num("at") : -1;
  }

  @Override
  public List<Picture> pictures(ScenarioResult r) {
    List<Picture> pictures = new ArrayList<>();
    if (!r.history().faults().isEmpty()) {
      List<Record> marks = new ArrayList<>();
      for (Record x : r.history().records()) {
        if (x.type().equals("apply") || x.type().equals("publish")) {
          marks.add(Record.of("t", x.type(), "w", x.worker(), "start", x.num("at"), "end", x.num("at")));
        }
      }
      pictures.add(new Picture.Timeline("versions published (writer) and applied (watchers) over time", marks,
          Map.of()));
    }
    pictures.add(new Picture.Histogram("propagation latency (ms): write acknowledged → watcher applied",
        propagation(r), x -> x.num("latUs") / 1000.0));
    return pictures;
  }

  private static List<Record> propagation(ScenarioResult r) {
    Map<Long, Long> published = new TreeMap<>();
    r.history().ofType("publish").forEach(p -> published.put(p.num("v"), p.num("at")));
    List<Record> lat = new ArrayList<>();
    for (Record a : r.history().ofType("apply")) {
      Long at = published.get(a.num("v"));
      if (at != null) {
        lat.add(Record.of("t", "lat", "w", a.worker(), "latUs", a.num("at") - at));
      }
    }
    return lat;
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of(
        "config_writer", (ctx, a) -> ConfigWorker.write(ctx, a.integer("updates", 200), a.integer("watchers", 1),
            a.number("interval-ms", 10)),
        "config_watcher", (ctx, a) -> ConfigWorker.watch(ctx, a.integer("updates", 200), a.flag("drop-final")));
  }
}
