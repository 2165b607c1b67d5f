package io.zkorch.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure quorum logic over what the members said: every member serving in the mode it should have, exactly one
 * leader, every follower and observer synced with the leader; then (see {@link #complete}) a client round trip and
 * one epoch across all members. {@link QuorumProbe} gathers the inputs live.
 *
 * @param checks the checks, in order
 * @param members what each member said
 */
public record Verdict(List<Check> checks, List<MemberState> members) {

  /** The quorum checks in order; a running wait shows the first one not yet passing. */
  public static final List<QuorumCheck> STEPS = java.util.Arrays.stream(QuorumCheck.values())
      .filter(c -> !c.security()).toList();

  /** Checks {@link #judge} runs; the last two need a client and a second look at the members. */
  static final int MEMBER_CHECKS = 5;

  public Verdict {
    checks = List.copyOf(checks);
    members = List.copyOf(members);
  }

  /** Every quorum check ran and held, and every security check (on a secure ensemble) held. */
  public boolean healthy() {
    return checks.stream().allMatch(Check::ok) && checks.size() >= STEPS.size();
  }

  /** This healthy verdict with a secure ensemble's checks ({@link SecurityChecks}) after the quorum's. */
  public Verdict withSecurity(List<Check> security) {
    if (checks.size() != STEPS.size() || !security.stream().allMatch(c -> c.kind().security())) {
      throw new IllegalStateException("security checks follow a complete quorum verdict");
    }
    List<Check> more = new ArrayList<>(checks);
    more.addAll(security);
    return new Verdict(more, members);
  }

  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> !c.ok()).findFirst();
  }

  /** The leader, if exactly one member says it leads. */
  public Optional<MemberState> leader() {
    List<MemberState> leaders =
        members.stream().filter(m -> m.srvr() != null && m.srvr().mode() == MemberMode.LEADER).toList();
    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
  }

  /** Whether the member checks passed, so that a client round trip is worth trying. */
  public boolean readyForRoundTrip() {
    return checks.size() == MEMBER_CHECKS && firstFailure().isEmpty();
  }

  /**
   * This verdict completed with the client round trip and, when it passed, the epoch check over {@code after}: the
   * members as seen once the round trip's transactions committed. (A follower reports zxid 0 until it has applied a
   * transaction of the new epoch, so epochs are compared only after one.)
   */
  public Verdict complete(Check roundTrip, List<MemberState> after) {
    if (!readyForRoundTrip()) {
      throw new IllegalStateException("the member checks have not all passed");
    }
    List<Check> more = new ArrayList<>(checks);
    more.add(roundTrip);
    if (roundTrip.ok()) {
      more.add(oneEpoch(after));
    }
    return new Verdict(more, roundTrip.ok() ? after : members);
  }

  /** Judges the members' answers. Checks stop at the first failure; later ones are not listed. */
  public static Verdict judge(List<MemberState> members) {
    List<Check> checks = new ArrayList<>();
    List<java.util.function.Function<List<MemberState>, Check>> steps =
        List.of(Verdict::answering, Verdict::serving, Verdict::modes, Verdict::oneLeader, Verdict::synced);
    for (var step : steps) {
      Check c = step.apply(members);
      checks.add(c);
      if (!c.ok()) {
        break;
      }
    }
    return new Verdict(checks, members);
  }

  private static Check answering(List<MemberState> members) {
    for (MemberState m : members) {
      if (m.srvr() == null) {
        return Check.fail(QuorumCheck.ANSWER, m.service(), m.service() + " does not answer srvr: " + m.error());
      }
    }
    return Check.pass(QuorumCheck.ANSWER, members.size() + " of " + members.size() + " answer srvr");
  }

  private static Check serving(List<MemberState> members) {
    for (MemberState m : members) {
      if (!m.srvr().serving()) {
        return Check.fail(QuorumCheck.SERVING, m.service(), m.service() + " is not currently serving requests");
      }
    }
    return Check.pass(QuorumCheck.SERVING, "all serving");
  }

  private static Check modes(List<MemberState> members) {
    boolean single = members.size() == 1;
    for (MemberState m : members) {
      MemberMode mode = m.srvr().mode();
      Set<MemberMode> allowed = single ? Set.of(MemberMode.STANDALONE, MemberMode.LEADER)
          : m.observer() ? Set.of(MemberMode.OBSERVER) : Set.of(MemberMode.LEADER, MemberMode.FOLLOWER);
      if (!allowed.contains(mode)) {
        return Check.fail(QuorumCheck.MODES, m.service(), m.service() + " is in mode " + mode + ", expected "
            + new TreeSet<>(allowed.stream().map(MemberMode::id).toList()));
      }
    }
    return Check.pass(QuorumCheck.MODES, "every member in its expected mode");
  }

  private static Check oneLeader(List<MemberState> members) {
    if (members.size() == 1) {
      return Check.pass(QuorumCheck.ONE_LEADER, "single member");
    }
    List<String> leaders =
        members.stream().filter(m -> m.srvr().mode() == MemberMode.LEADER).map(MemberState::service).toList();
    if (leaders.size() != 1) {
      return Check.fail(QuorumCheck.ONE_LEADER, leaders.isEmpty() ? null : leaders.get(1),
          "expected exactly one leader, found " + leaders.size() + " " + leaders);
    }
    return Check.pass(QuorumCheck.ONE_LEADER, leaders.get(0) + " leads");
  }

  private static Check synced(List<MemberState> members) {
    if (members.size() == 1) {
      return Check.pass(QuorumCheck.FOLLOWERS_SYNCED, "single member");
    }
    MemberState leader = members.stream().filter(m -> m.srvr().mode() == MemberMode.LEADER).findFirst().orElseThrow();
    if (leader.mntr() == null) {
      return Check.fail(QuorumCheck.FOLLOWERS_SYNCED, leader.service(), leader.service() + " (leader) did not answer mntr");
    }
    long followers = members.stream().filter(m -> !m.observer()).count() - 1;
    long observers = members.stream().filter(MemberState::observer).count();
    OptionalLong syncedFollowers = leader.mntr().number("zk_synced_followers");
    if (syncedFollowers.isEmpty() || syncedFollowers.getAsLong() < followers) {
      return Check.fail(QuorumCheck.FOLLOWERS_SYNCED, leader.service(),
          "leader " + leader.service() + " counts " + (syncedFollowers.isEmpty() ? "no" : syncedFollowers.getAsLong())
              + " synced followers, expected " + followers);
    }
    if (observers > 0) {
      OptionalLong syncedObservers = leader.mntr().number("zk_synced_observers");
      if (syncedObservers.isPresent() && syncedObservers.getAsLong() < observers) {
        return Check.fail(QuorumCheck.FOLLOWERS_SYNCED, leader.service(),
            "leader " + leader.service() + " counts " + syncedObservers.getAsLong() + " synced observers, expected "
                + observers);
      }
    }
    return Check.pass(QuorumCheck.FOLLOWERS_SYNCED, followers + " followers" + (observers > 0 ? ", " + observers + " observers" : "")
        + " synced with " + leader.service());
  }

  private static Check oneEpoch(List<MemberState> members) {
    for (MemberState m : members) {
      if (m.srvr() == null) {
        return Check.fail(QuorumCheck.ONE_EPOCH, m.service(), m.service() + " stopped answering srvr: " + m.error());
      }
    }
    Set<Long> epochs = new TreeSet<>();
    for (MemberState m : members) {
      epochs.add(m.srvr().epoch());
    }
    if (epochs.size() != 1) {
      String behind = members.stream()
          .filter(m -> m.srvr().epoch() != members.stream().mapToLong(x -> x.srvr().epoch()).max().orElse(0))
          .map(MemberState::service).findFirst().orElse(null);
      return Check.fail(QuorumCheck.ONE_EPOCH, behind, "members report different epochs " + epochs);
    }
    return Check.pass(QuorumCheck.ONE_EPOCH, "epoch " + epochs.iterator().next());
  }
}
