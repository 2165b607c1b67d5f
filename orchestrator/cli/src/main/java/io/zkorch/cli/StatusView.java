package io.zkorch.cli;

import io.zkorch.cluster.ClusterStatus;
import io.zkorch.health.Check;
import io.zkorch.health.MemberState;
import io.zkorch.health.Verdict;
import io.zkorch.runtime.Node;
import java.util.HashMap;
import java.util.Map;

/** Renders a cluster's status: a member table (id, mode, zxid, host port, health), the apps, and the verdict. */
final class StatusView {

  private StatusView() {}

  static String render(ClusterStatus status) {
    StringBuilder out = new StringBuilder();
    Verdict verdict = status.verdict();
    Map<String, MemberState> states = new HashMap<>();
    if (verdict != null) {
      verdict.members().forEach(m -> states.put(m.service(), m));
    }
    String failedOn = verdict == null ? null : verdict.firstFailure().map(Check::member).orElse(null);
    // a cluster over several machines (a swarm) also says where each member runs
    boolean spread = status.state().members().stream().anyMatch(n -> n.location() != null);
    Table members = spread
        ? new Table("ID", "MEMBER", "MODE", "ZXID", "EPOCH", "NODE", "HOST PORT", "TASK", "HEALTH")
        : new Table("ID", "MEMBER", "MODE", "ZXID", "EPOCH", "HOST PORT", "CONTAINER", "HEALTH");
    for (Node n : status.state().members()) {
      MemberState s = states.get(n.service());
      String mode = s == null ? "-" : s.modeLabel() + (n.observer() && s.srvr() == null ? " (observer)" : "");
      String zxid = s == null || s.srvr() == null ? "-" : s.srvr().zxidHex();
      String epoch = s == null || s.srvr() == null || s.srvr().epoch() < 0 ? "-" : Long.toString(s.srvr().epoch());
      String health;
      if (n.partitioned()) {
        health = "✗ cut off from the network or the other members (`zkorch fault heal` reconnects it)";
      } else if (n.paused()) {
        health = "✗ paused (`zkorch fault heal` resumes it)";
      } else if (!n.running()) {
        health = "✗ " + n.state();
      } else if (n.service().equals(failedOn)) {
        health = "✗ " + verdict.firstFailure().get().name();
      } else if (s != null && s.srvr() != null && s.srvr().serving()) {
        health = "✓";
      } else {
        health = "✗ " + (s == null || s.error() == null ? "not serving" : s.error());
      }
      String port = n.hostPort() == 0 ? "-" : n.hostOr(status.state().host()) + ":" + n.hostPort();
      if (spread) {
        members.row(n.memberId(), n.service(), mode, zxid, epoch, n.location() == null ? "-" : n.location(), port,
            n.state(), health);
      } else {
        members.row(n.memberId(), n.service(), mode, zxid, epoch, port, n.state(), health);
      }
    }
    out.append(members.render());
    if (!status.state().apps().isEmpty()) {
      Table apps = new Table("APP", "CONTAINER", "STATE", "IMAGE");
      for (Node n : status.state().apps()) {
        apps.row(n.target(), n.name(), n.state() + (n.partitioned() ? ", cut off" : ""), n.image());
      }
      out.append('\n').append(apps.render());
    }
    out.append('\n');
    if (verdict == null) {
      out.append("Quorum: no members running\n");
    } else if (verdict.healthy()) {
      String leader = verdict.leader().map(MemberState::service).orElse(
          verdict.members().size() == 1 ? verdict.members().get(0).service() : "?");
      long epoch = verdict.members().get(0).srvr().epoch();
      out.append("Quorum: healthy — leader ").append(leader).append(", epoch ").append(epoch).append(", ")
          .append(verdict.members().size()).append(" of ").append(verdict.members().size()).append(" serving\n");
    } else {
      Check f = verdict.firstFailure().orElse(null);
      out.append(f != null && f.kind().security() ? "Security: FAILED — " : "Quorum: NOT healthy — ")
          .append(f == null ? "round trip not run" : f.name() + ": " + f.detail()).append('\n');
    }
    if (verdict != null && verdict.healthy()) {
      java.util.List<String> secure = verdict.checks().stream().filter(c -> c.kind().security())
          .map(Check::name).toList();
      if (!secure.isEmpty()) {
        out.append("Security: ").append(String.join(", ", secure)).append('\n');
      }
    }
    if (!status.connectString().isEmpty()) {
      out.append("Connect: ").append(status.connectString()).append('\n');
    }
    return out.toString();
  }
}
