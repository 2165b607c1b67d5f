package io.zkorch.health;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a boot's seconds went, member by member: zkorch's own clock for what it did (began, members started, verdict)
 * and the timestamps of ZooKeeper's own log lines for what the members did — the JVM ready (the configuration read),
 * the election begun (LOOKING), the leader elected ("LEADER ELECTION TOOK"), the member synced (a follower's UPTODATE,
 * the leader's quorum of supporters). ZooKeeper logs these same lines whatever the image, so a contract-following
 * image's members are timed too, as long as its log pattern starts with an ISO-8601 timestamp (the official one does).
 *
 * @param began when {@code up} began
 * @param started when every member's container (or process) had been started
 * @param verdict when the quorum was proven
 * @param members each member's times, in member order
 */
public record BootTimeline(Instant began, Instant started, Instant verdict, List<Member> members) {

  /**
   * One member's times from its log; any may be null when its line was not found.
   *
   * @param name the member (zk1)
   * @param jvmReady the configuration read: the JVM started and logging runs
   * @param looking the first election round begun
   * @param elected the election's end, as this member saw it
   * @param role leader, follower or observer after the election
   * @param electionMillis how long ZooKeeper says the election took for this member
   * @param synced a follower's UPTODATE from the leader, or the leader's quorum of supporters
   */
  public record Member(String name, Instant jvmReady, Instant looking, Instant elected, String role,
      long electionMillis, Instant synced) {}

  private static final Pattern STAMP =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})[,.](\\d{3})");
  private static final Pattern ELECTION =
      Pattern.compile("(LEADING|FOLLOWING|OBSERVING) - LEADER ELECTION TOOK - (\\d+) (MS|ms)");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  public BootTimeline {
    Objects.requireNonNull(began);
    members = List.copyOf(members);
  }

  /**
   * Reads one member's log: the first of each line at or after {@code notBefore} (a kept volume's member may log an
   * older boot first). Timestamps are read in {@code zone}: UTC in containers, the machine's zone for processes.
   */
  public static Member parse(String name, String log, ZoneId zone, Instant notBefore) {
    Instant jvm = null;
    Instant looking = null;
    Instant elected = null;
    Instant synced = null;
    String role = null;
    long electionMs = -1;
    for (String line : log.split("\n")) {
      Matcher m = STAMP.matcher(line);
      if (!m.find()) {
        continue;
      }
      Instant at = LocalDateTime.parse(m.group(1) + " " + m.group(2) + "." + m.group(3), LOCAL).atZone(zone)
          .toInstant();
      if (notBefore != null && at.isBefore(notBefore.minusSeconds(1))) {
        continue;
      }
      if (jvm == null && line.contains("Reading configuration from")) {
        jvm = at;
      } else if (looking == null && line.stripTrailing().endsWith(" - LOOKING")) {
        looking = at;
      } else if (elected == null && line.contains("LEADER ELECTION TOOK")) {
        Matcher e = ELECTION.matcher(line);
        if (e.find()) {
          elected = at;
          role = switch (e.group(1)) {
            case "LEADING" -> "leader";
            case "OBSERVING" -> "observer";
            default -> "follower";
          };
          electionMs = Long.parseLong(e.group(2));
        }
      } else if (synced == null && elected != null
          && (line.contains("Learner received UPTODATE") || line.contains("Have quorum of supporters"))) {
        synced = at;
      }
    }
    return new Member(name, jvm, looking, elected, role, electionMs, synced);
  }

  /** The latest of one kind of time over all members, if every member has it. */
  private Optional<Instant> last(java.util.function.Function<Member, Instant> time) {
    if (members.isEmpty() || members.stream().anyMatch(m -> time.apply(m) == null)) {
      return Optional.empty();
    }
    return members.stream().map(time).max(Comparator.naturalOrder());
  }

  /** Seconds from {@code began}, one decimal place: {@code 1.4s}. */
  private String at(Instant t) {
    return String.format(Locale.ROOT, "%.2fs", Duration.between(began, t).toMillis() / 1000.0);
  }

  /**
   * One line for people: each phase's end, in seconds from the start of {@code up}, and what it cost. Phases whose
   * log lines were not found are left out (and said so).
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    parts.add("members started " + at(started));
    Instant previous = started;
    Optional<Instant> jvm = last(Member::jvmReady);
    if (jvm.isPresent()) {
      parts.add("JVMs ready " + at(jvm.get()) + " (+" + between(previous, jvm.get()) + ")");
      previous = jvm.get();
    }
    Optional<Instant> elected = last(Member::elected);
    if (elected.isPresent()) {
      String leader = members.stream().filter(m -> "leader".equals(m.role())).map(Member::name).findFirst()
          .orElse("?");
      long least = members.stream().mapToLong(Member::electionMillis).min().orElse(-1);
      long most = members.stream().mapToLong(Member::electionMillis).max().orElse(-1);
      parts.add("leader elected " + at(elected.get()) + " (+" + between(previous, elected.get()) + "; " + leader
          + " leads; voting took " + (least == most ? least : least + "–" + most) + " ms)");
      previous = elected.get();
    }
    Optional<Instant> synced = last(Member::synced);
    if (synced.isPresent()) {
      parts.add("synced " + at(synced.get()) + " (+" + between(previous, synced.get()) + ")");
      previous = synced.get();
    }
    parts.add("verdict " + at(verdict) + " (+" + between(previous, verdict) + ")");
    String line = String.join(" → ", parts);
    if (jvm.isEmpty() || elected.isEmpty() || synced.isEmpty()) {
      line += " (some members' logs lacked ZooKeeper's timestamped lines)";
    }
    return line;
  }

  /** The report's {@code boot} section: each phase's end in seconds from the start of {@code up}, per member too. */
  public java.util.Map<String, Object> json() {
    java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
    root.put("began", began.toString());
    root.put("members_started_s", seconds(started));
    last(Member::jvmReady).ifPresent(t -> root.put("jvms_ready_s", seconds(t)));
    last(Member::elected).ifPresent(t -> root.put("leader_elected_s", seconds(t)));
    last(Member::synced).ifPresent(t -> root.put("synced_s", seconds(t)));
    root.put("verdict_s", seconds(verdict));
    List<Object> list = new ArrayList<>();
    for (Member m : members) {
      java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
      one.put("member", m.name());
      one.put("role", m.role());
      one.put("jvm_ready_s", seconds(m.jvmReady()));
      one.put("looking_s", seconds(m.looking()));
      one.put("elected_s", seconds(m.elected()));
      one.put("election_ms", m.electionMillis() < 0 ? null : m.electionMillis());
      one.put("synced_s", seconds(m.synced()));
      list.add(one);
    }
    root.put("members", list);
    root.put("summary", summary());
    return root;
  }

  private Double seconds(Instant t) {
    return t == null ? null : Duration.between(began, t).toMillis() / 1000.0;
  }

  private static String between(Instant a, Instant b) {
    return String.format(Locale.ROOT, "%.2fs", Math.max(0, Duration.between(a, b).toMillis()) / 1000.0);
  }
}
