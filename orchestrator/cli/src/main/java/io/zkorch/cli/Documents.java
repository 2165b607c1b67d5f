package io.zkorch.cli;

import io.zkorch.cluster.ClusterStatus;
import io.zkorch.fault.FaultEvent;
import io.zkorch.health.Check;
import io.zkorch.health.MemberState;
import io.zkorch.health.Verdict;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents {@code -o json|yaml} prints, one per command, all of schema {@link #API_VERSION} (the JSON Schema
 * in templates/output-v1.schema.json, printed by {@code zkorch schema output}). Fields are only ever added
 * within a version; a renamed or removed field is a new version.
 */
final class Documents {

  static final String API_VERSION = "zkorch.io/v1";

  private Documents() {}

  private static Map<String, Object> head(String kind) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", API_VERSION);
    d.put("kind", kind);
    return d;
  }

  /** {@code status} (and {@code up}): the members, apps, checks, verdict and connect strings of one cluster. */
  static Map<String, Object> status(String runtime, ClusterStatus status) {
    ClusterState state = status.state();
    Verdict verdict = status.verdict();
    Map<String, Object> d = head("ClusterStatus");
    d.put("cluster", state.name());
    d.put("runtime", runtime);
    d.put("state", state.summary());
    d.put("healthy", status.healthy());
    d.put("leader", verdict == null ? null : verdict.leader().map(MemberState::service).orElse(null));
    Map<String, Object> connect = new LinkedHashMap<>();
    connect.put("host", status.connectString().isEmpty() ? null : status.connectString());
    connect.put("internal", internal(runtime, state, status.connectString()));
    d.put("connect", connect);
    Map<String, MemberState> said = new HashMap<>();
    if (verdict != null) {
      verdict.members().forEach(m -> said.put(m.service(), m));
    }
    String failedOn = verdict == null ? null : verdict.firstFailure().map(Check::member).orElse(null);
    List<Object> members = new ArrayList<>();
    for (Node n : state.members()) {
      MemberState s = said.get(n.service());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", n.memberId());
      m.put("service", n.service());
      m.put("observer", n.observer());
      m.put("mode", s == null ? null : s.srvr() == null ? "down" : s.srvr().serving() ? s.srvr().mode().id()
          : "not-serving");
      m.put("zxid", s == null || s.srvr() == null ? null : s.srvr().zxidHex());
      m.put("epoch", s == null || s.srvr() == null || s.srvr().epoch() < 0 ? null : s.srvr().epoch());
      m.put("host", n.hostPort() == 0 ? null : n.hostOr(state.host()));
      m.put("port", n.hostPort() == 0 ? null : n.hostPort());
      m.put("state", n.partitioned() ? "partitioned" : n.state().toString());
      m.put("location", n.location());
      m.put("healthy", n.running() && !n.partitioned() && !n.service().equals(failedOn) && s != null
          && s.srvr() != null && s.srvr().serving());
      m.put("error", s == null ? null : s.error());
      members.add(m);
    }
    d.put("members", members);
    List<Object> apps = new ArrayList<>();
    for (Node n : state.apps()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", n.target());
      a.put("service", n.service());
      a.put("replica", n.replica());
      a.put("state", n.partitioned() ? "partitioned" : n.state().toString());
      a.put("image", n.image());
      apps.add(a);
    }
    d.put("apps", apps);
    List<Object> checks = new ArrayList<>();
    if (verdict != null) {
      for (Check c : verdict.checks()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", c.name());
        x.put("ok", c.ok());
        x.put("member", c.member());
        x.put("detail", c.detail());
        checks.add(x);
      }
    }
    d.put("checks", checks);
    return d;
  }

  /** The connect string apps on the cluster's own network use (ZK_HOSTS); on local, the host's. */
  static String internal(String runtime, ClusterState state, String host) {
    if (runtime.equals("local")) {
      return host.isEmpty() ? null : host;
    }
    if (state.members().isEmpty()) {
      return null;
    }
    return String.join(",", state.members().stream().map(n -> n.service() + ":" + Topology.CLIENT_PORT).toList());
  }

  /** One row of {@code ls}. */
  record Listed(String runtime, ClusterState cluster) {}

  /** {@code ls}: every cluster and where it runs. */
  static Map<String, Object> list(List<Listed> clusters) {
    Map<String, Object> d = head("ClusterList");
    List<Object> items = new ArrayList<>();
    for (Listed l : clusters) {
      ClusterState c = l.cluster();
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("name", c.name());
      i.put("runtime", l.runtime());
      i.put("state", c.summary());
      i.put("members", c.members().size());
      i.put("running", c.members().stream().filter(Node::running).count());
      i.put("apps", c.apps().size());
      i.put("volumes", c.volumes().size());
      items.add(i);
    }
    d.put("clusters", items);
    return d;
  }

  /** {@code fault ...}: what was hit, who leads after it, and (when it was healed) the quorum after. */
  static Map<String, Object> fault(String cluster, FaultEvent e, Boolean healthyAfter) {
    Map<String, Object> d = head("FaultResult");
    d.put("cluster", cluster);
    d.put("action", e.fault().action().id());
    d.put("fault", e.fault().id());
    d.put("node", e.node());
    d.put("nodes", e.nodes());
    d.put("links", e.links());
    d.put("role", e.role() == null || e.role().isEmpty() ? null : e.role());
    d.put("leader", e.leader());
    d.put("leaderAfterMs", e.leaderAfterMs());
    d.put("healed", healthyAfter != null);
    d.put("healthy", healthyAfter);
    return d;
  }

  /** {@code fault heal|start|unpause}: what was undone and the quorum after. */
  static Map<String, Object> healed(String cluster, String action, List<String> done, boolean healthy) {
    Map<String, Object> d = head("FaultResult");
    d.put("cluster", cluster);
    d.put("action", action);
    d.put("nodes", done);
    d.put("healed", true);
    d.put("healthy", healthy);
    return d;
  }

  /** {@code run}: the report (report.json's model) under the schema's head. */
  static Map<String, Object> run(Map<String, Object> report) {
    Map<String, Object> d = head("RunReport");
    d.putAll(report);
    return d;
  }
}
