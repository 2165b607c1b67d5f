package io.zkorch.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Boot phases read from ZooKeeper's own log lines, in zkorch's and in the official image's log pattern. */
class BootTimelineTest {

  private static final String FOLLOWER = """
      2026-11-29 23:54:09,477 [myid:] INFO  [main] o.a.z.s.q.QuorumPeerConfig - Reading configuration from: /conf/zoo.cfg
      2026-11-29 23:54:09,726 [myid:] INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled)] o.a.z.s.q.QuorumPeer - LOOKING
      2026-11-29 23:54:10,085 [myid:] INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled)] o.a.z.s.q.Learner - FOLLOWING - LEADER ELECTION TOOK - 225 MS
      2026-11-29 23:54:10,107 [myid:] INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled)] o.a.z.s.q.Learner - Learner received UPTODATE message
      """;
  // the official image's log4j/logback pattern: %d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
  private static final String LEADER = """
      2026-11-29 23:54:09,315 [myid:] - INFO  [main:o.a.z.s.q.QuorumPeerConfig@177] - Reading configuration from: /conf/zoo.cfg
      2026-11-29 23:54:09,862 [myid:] - INFO  [QuorumPeer[myid=3](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.QuorumPeer@1465] - LOOKING
      2026-11-29 23:54:10,081 [myid:] - INFO  [QuorumPeer[myid=3](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.Leader@581] - LEADING - LEADER ELECTION TOOK - 219 MS
      2026-11-29 23:54:10,097 [myid:] - INFO  [QuorumPeer[myid=3](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.Leader@1589] - Have quorum of supporters, sids: [[2, 3]]; starting up
      """;

  private static Instant at(String time) {
    return Instant.parse("2026-11-29T" + time + "Z");
  }

  @Test
  void eachPhaseIsTheFirstOfItsLine() {
    BootTimeline.Member f = BootTimeline.parse("zk1", FOLLOWER, ZoneOffset.UTC, at("23:54:08.000"));
    assertEquals(at("23:54:09.477"), f.jvmReady());
    assertEquals(at("23:54:09.726"), f.looking());
    assertEquals(at("23:54:10.085"), f.elected());
    assertEquals("follower", f.role());
    assertEquals(225, f.electionMillis());
    assertEquals(at("23:54:10.107"), f.synced());
    BootTimeline.Member l = BootTimeline.parse("zk3", LEADER, ZoneOffset.UTC, at("23:54:08.000"));
    assertEquals("leader", l.role());
    assertEquals(at("23:54:09.315"), l.jvmReady());
    assertEquals(at("23:54:10.097"), l.synced());
  }

  @Test
  void linesOfAnEarlierBootAreIgnoredAndTheZoneIsApplied() {
    BootTimeline.Member f = BootTimeline.parse("zk1", FOLLOWER, ZoneOffset.UTC, at("23:55:00.000"));
    assertNull(f.jvmReady());
    assertNull(f.elected());
    BootTimeline.Member shifted = BootTimeline.parse("zk1", FOLLOWER, ZoneOffset.ofHours(1), at("22:54:08.000"));
    assertEquals(at("22:54:09.477"), shifted.jvmReady());
  }

  @Test
  void theSummarySaysWhereTheSecondsWent() {
    BootTimeline t = new BootTimeline(at("23:54:08.500"), at("23:54:09.300"), at("23:54:10.200"), List.of(
        BootTimeline.parse("zk1", FOLLOWER, ZoneOffset.UTC, null),
        BootTimeline.parse("zk3", LEADER, ZoneOffset.UTC, null)));
    assertEquals("members started 0.80s → JVMs ready 0.98s (+0.18s) → leader elected 1.59s (+0.61s; zk3 leads; voting"
        + " took 219–225 ms) → synced 1.61s (+0.02s) → verdict 1.70s (+0.09s)", t.summary());
    var json = t.json();
    assertEquals(0.8, json.get("members_started_s"));
    assertEquals(1.607, json.get("synced_s"));
    assertEquals(1.7, json.get("verdict_s"));
    @SuppressWarnings("unchecked")
    var zk3 = (java.util.Map<String, Object>) ((List<Object>) json.get("members")).get(1);
    assertEquals("leader", zk3.get("role"));
    assertEquals(219L, zk3.get("election_ms"));
    assertEquals(t.summary(), json.get("summary"));
    BootTimeline missing = new BootTimeline(at("23:54:08.500"), at("23:54:09.300"), at("23:54:10.200"),
        List.of(BootTimeline.parse("zk1", "no timestamps here\n", ZoneOffset.UTC, null)));
    assertTrue(missing.summary().endsWith("verdict 1.70s (+0.90s) (some members' logs lacked ZooKeeper's timestamped"
        + " lines)"), missing.summary());
  }
}
