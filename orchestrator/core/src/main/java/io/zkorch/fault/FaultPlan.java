package io.zkorch.fault;

import io.zkorch.spec.Fault;
import java.time.Duration;
import java.util.List;

/**
 * A fault schedule for one scenario run: every {@code interval} the next fault of the list (round robin) is injected,
 * held for {@code hold}, and healed; the cluster is healed and its quorum awaited before the next one. A fault is only
 * injected if, once healed, the work still has a session timeout plus a second to resume before the run ends.
 *
 * @param faults the faults, in order
 * @param interval time from one fault to the next (the first comes one interval after the workers start)
 * @param hold how long a fault lasts before it is healed; null picks per fault (see {@link #holdFor})
 * @param seed chooses among equal targets (which follower, which worker), so that a run can be repeated
 * @param sessionTimeout the workers' session timeout: pauses and partitions of workers outlast it
 */
public record FaultPlan(List<Fault> faults, Duration interval, Duration hold, long seed, Duration sessionTimeout) {

  public FaultPlan {
    faults = List.copyOf(faults);
  }

  public boolean hitsWorkers() {
    return faults.stream().anyMatch(Fault::hitsWorker);
  }

  public boolean hitsHolder() {
    return faults.stream().anyMatch(f -> f.target() == Fault.Target.HOLDER);
  }

  /**
   * How long {@code f} lasts: as given, or half the interval; a pause or partition of a worker lasts past its
   * session timeout (that is the fault's point: the session expires while the worker cannot tell).
   */
  public Duration holdFor(Fault f) {
    if (hold != null) {
      return hold;
    }
    Duration half = interval.dividedBy(2);
    if (f.hitsWorker() && f.action() != Fault.Action.KILL) {
      Duration past = sessionTimeout.plus(sessionTimeout.dividedBy(2)).plusSeconds(1);
      return past.compareTo(half) > 0 ? past : half;
    }
    return half;
  }

  /**
   * After a heal, clients need up to a session timeout (and a second) to notice and reconnect: a fault that leaves the
   * work no time to resume would make "progress after every fault" fail for want of time, not of availability.
   */
  public Duration settle() {
    return sessionTimeout.plusSeconds(1);
  }

  /** The shortest run that has room for the first fault: its interval, its hold, and the settling after it. */
  public Duration shortestRun() {
    return interval.plus(holdFor(faults.get(0))).plus(settle());
  }

  /** The ids, comma-separated, as a user wrote them. */
  public String describe() {
    return String.join(",", faults.stream().map(Fault::id).toList()) + " every " + interval.toMillis() / 1000.0
        + "s";
  }
}
