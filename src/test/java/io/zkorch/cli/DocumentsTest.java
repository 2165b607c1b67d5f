package io.zkorch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.JsonSchemas;
import io.zkorch.TestFiles;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.fault.FaultEvent;
import io.zkorch.health.Check;
import io.zkorch.health.MemberState;
import io.zkorch.health.Mntr;
import io.zkorch.health.QuorumCheck;
import io.zkorch.health.Srvr;
import io.zkorch.health.Verdict;
import io.zkorch.report.Reports;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.NodeState;
import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.History;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.spec.Fault;
import io.zkorch.spec.FaultsSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.topology.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The documents -o json|yaml prints are a contract for scripts: golden files (src/test/resources/output) catch any
 * change to a field's name, type or place, and every document is valid against the published schema
 * (templates/output-v1.schema.json), which is itself shown able to fail.
 */
class DocumentsTest {

  private static final JsonSchemas SCHEMA = JsonSchemas.of(Path.of("templates/output-v1.schema.json"));

  /** A recorded healthy 3+1 ensemble (health/healthy-3+1) on Docker, with one app. */
  static ClusterStatus healthy() {
    List<MemberState> states = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      Srvr s = Srvr.parse(TestFiles.read("health/healthy-3+1/zk" + id + ".srvr"));
      Mntr mntr = s.mode() == io.zkorch.health.MemberMode.LEADER
          ? Mntr.parse(TestFiles.read("health/healthy-3+1/zk" + id + ".mntr")) : null;
      states.add(new MemberState(id, "zk" + id, id == 4, 30000 + id, s, null, mntr));
      nodes.add(new Node("zk" + id, "dev-zk" + id, NodeRole.MEMBER, id, id == 4, 0, NodeState.RUNNING, 30000 + id,
          "zkorch/member:3.9.5", false));
    }
    nodes.add(new Node("probe", "dev-probe-1", NodeRole.APP, 0, false, 1, NodeState.RUNNING, 0, "zkorch/app:0.1.0",
        false));
    Verdict verdict = Verdict.judge(states).complete(new Check(QuorumCheck.ROUND_TRIP, true, null,
        "created, read and deleted a znode through zk1"), states);
    ClusterState state = new ClusterState("dev", nodes, true, List.of("dev-zk1-data"));
    return new ClusterStatus(state, verdict, "127.0.0.1:30001,127.0.0.1:30002,127.0.0.1:30003,127.0.0.1:30004");
  }

  private static void golden(String name, Map<String, Object> doc) {
    String json = OutputOption.render(doc, OutputOption.Format.json);
    assertEquals(TestFiles.golden(TestFiles.path("output/" + name + ".json"), json), json);
    assertEquals(Set.of(), SCHEMA.problems(json), json);
    String yaml = OutputOption.render(doc, OutputOption.Format.yaml);
    assertEquals(TestFiles.golden(TestFiles.path("output/" + name + ".yaml"), yaml), yaml);
    assertEquals(Set.of(), SCHEMA.problems(yaml), yaml);
  }

  @Test
  void statusOfAHealthyEnsemble() {
    Map<String, Object> doc = Documents.status("docker", healthy());
    golden("status-healthy", doc);
    assertEquals("zk3", doc.get("leader"));
    assertEquals(true, doc.get("healthy"));
  }

  @Test
  void statusOfAnEnsembleWithAMemberDown() {
    ClusterStatus h = healthy();
    List<Node> nodes = new ArrayList<>(h.state().nodes());
    Node zk2 = nodes.get(1);
    nodes.set(1, new Node(zk2.service(), zk2.name(), zk2.role(), zk2.memberId(), false, 0, NodeState.EXITED, 0,
        zk2.image(), false));
    List<MemberState> states = new ArrayList<>(h.verdict().members());
    states.set(1, new MemberState(2, "zk2", false, 0, null, "connection refused", null));
    ClusterStatus down = new ClusterStatus(new ClusterState("dev", nodes, true, List.of()), Verdict.judge(states),
        "127.0.0.1:30001,127.0.0.1:30003,127.0.0.1:30004");
    Map<String, Object> doc = Documents.status("docker", down);
    golden("status-member-down", doc);
    assertEquals(false, doc.get("healthy"));
  }

  @Test
  void statusWithNoMemberRunning() {
    ClusterStatus none = new ClusterStatus(new ClusterState("dev", List.of(), false, List.of("dev-zk1-data")), null,
        "");
    golden("status-stopped", Documents.status("docker", none));
  }

  @Test
  void localStatusSaysTheSameConnectStringForBoth() {
    Map<String, Object> doc = Documents.status("local", healthy());
    @SuppressWarnings("unchecked")
    Map<String, Object> connect = (Map<String, Object>) doc.get("connect");
    assertEquals(connect.get("host"), connect.get("internal"));
  }

  @Test
  void list() {
    ClusterStatus h = healthy();
    golden("ls", Documents.list(List.of(new Documents.Listed("docker", h.state()),
        new Documents.Listed("local", new ClusterState("other", List.of(), false, List.of("a", "b"))))));
  }

  @Test
  void faults() {
    FaultEvent e = new FaultEvent(Fault.parse("kill-leader"), "zk3", "leader", 1_700_000_000_000_000L, 0, 812.5,
        "zk2");
    golden("fault-stays", Documents.fault("dev", e, null));
    golden("fault-healed", Documents.fault("dev", e, true));
    golden("fault-heal", Documents.healed("dev", "heal", List.of("zk3"), true));
  }

  @Test
  void runReport() {
    ScenarioSpec spec = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 3, Duration.ofSeconds(10),
        Map.of(), new FaultsSpec(List.of("kill-leader"), Duration.ofSeconds(5), null, 7L));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("acquisitions", 120);
    ScenarioResult r = new ScenarioResult(spec, List.of(CheckResult.pass("mutual exclusion", "no overlap"),
        CheckResult.warn("stale holders", "1 stale holder, fenced")), figures,
        new History(List.of(), Map.of(), Map.of(), 10.2));
    Reports.RunInfo info = new Reports.RunInfo("0.1.0", "3.9.5", "docker", 7L,
        Instant.parse("2026-11-30T02:00:00Z"), Instant.parse("2026-11-30T02:00:12Z"));
    Map<String, Object> doc = Documents.run(Reports.model("dev", List.of(r), null, info));
    golden("run", doc);
  }

  /** The schema is not a rubber stamp: a renamed field, a wrong type and an unknown kind are refused. */
  @Test
  void theSchemaRefusesWhatScriptsCouldNotRead() {
    String ok = OutputOption.render(Documents.status("docker", healthy()), OutputOption.Format.json);
    assertTrue(SCHEMA.problems(ok).isEmpty());
    assertFalse(SCHEMA.problems(ok.replace("\"healthy\" : true", "\"healthy\" : \"yes\"")).isEmpty());
    assertFalse(SCHEMA.problems(ok.replace("\"zxid\"", "\"zxId\"")).isEmpty());
    assertFalse(SCHEMA.problems(ok.replace("ClusterStatus", "Cluster")).isEmpty());
    assertFalse(SCHEMA.problems(ok.replace("zkorch.io/v1", "zkorch.io/v2")).isEmpty());
  }

  /** The schema `zkorch schema output` prints is the repository's file. */
  @Test
  void theSchemaCommandPrintsThePublishedFile() throws Exception {
    CliRun r = CliRun.run("schema", "output");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(TestFiles.read(Path.of("templates/output-v1.schema.json")), r.out());
  }
}
