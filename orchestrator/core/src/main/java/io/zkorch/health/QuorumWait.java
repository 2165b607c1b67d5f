package io.zkorch.health;

import io.zkorch.ZkorchException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits until a quorum is proven (Testcontainers' WaitStrategy shape: a timeout, a poll interval, a progress
 * callback): every loop in zkorch that waits for a quorum is one of these — {@code up --wait}, the ensemble's start
 * and {@code awaitQuorum}, the heal after a faulty scenario, {@code zkorch fault --wait}.
 *
 * <pre>{@code
 * Verdict v = QuorumWait.forQuorum().withTimeout(Duration.ofSeconds(60)).onVerdict(show).await(endpoints);
 * }</pre>
 *
 * <p>At the timeout it throws {@link TimedOut}, which carries the last verdict (or the last reason the members were
 * not ready to be probed), so the caller can name the member and check that failed.
 */
public final class QuorumWait {

  /** The wait ran out: what was seen last. */
  public static final class TimedOut extends ZkorchException {
    private final transient Verdict last;
    private final String notReady;
    private final Duration timeout;

    TimedOut(Duration timeout, Verdict last, String notReady) {
      super(EXIT_FAILURE, "The quorum was not healthy after " + timeout.toMillis() + " ms ("
          + (last == null ? String.valueOf(notReady) : last.firstFailure().map(c -> c.name() + ": " + c.detail())
              .orElse("not all checks ran")) + ").");
      this.last = last;
      this.notReady = notReady;
      this.timeout = timeout;
    }

    /** The last verdict, if the members were ever probed. */
    public Optional<Verdict> last() {
      return Optional.ofNullable(last);
    }

    /** Why the members were not probed the last time, if they were not. */
    public Optional<String> notReady() {
      return Optional.ofNullable(notReady);
    }

    public Duration timeout() {
      return timeout;
    }
  }

  private final Duration timeout;
  private final Duration poll;
  private final boolean roundTrip;
  private final int probeMillis;
  private final Consumer<Verdict> onVerdict;
  private final Supplier<Optional<String>> notReady;
  private final Runnable guard;
  private final Duration guardEvery;
  private final io.zkorch.security.ClientAccess access;

  private QuorumWait(Duration timeout, Duration poll, boolean roundTrip, int probeMillis, Consumer<Verdict> onVerdict,
      Supplier<Optional<String>> notReady, Runnable guard, Duration guardEvery,
      io.zkorch.security.ClientAccess access) {
    if (timeout.isNegative() || poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("timeout must be >= 0 and poll > 0, not " + timeout + " and " + poll);
    }
    this.timeout = timeout;
    this.poll = poll;
    this.roundTrip = roundTrip;
    this.probeMillis = probeMillis;
    this.onVerdict = Objects.requireNonNull(onVerdict);
    this.notReady = Objects.requireNonNull(notReady);
    this.guard = Objects.requireNonNull(guard);
    this.guardEvery = Objects.requireNonNull(guardEvery);
    this.access = Objects.requireNonNull(access);
  }

  /** The full verdict, client round trip included, within 120 s, probed every 100 ms. */
  public static QuorumWait forQuorum() {
    return new QuorumWait(Duration.ofSeconds(120), Duration.ofMillis(100), true, 1000, v -> {},
        Optional::empty, () -> {}, Duration.ofSeconds(1), io.zkorch.security.ClientAccess.PLAIN);
  }

  public QuorumWait withTimeout(Duration d) {
    return new QuorumWait(d, poll, roundTrip, probeMillis, onVerdict, notReady, guard, guardEvery, access);
  }

  public QuorumWait withPollInterval(Duration d) {
    return new QuorumWait(timeout, d, roundTrip, probeMillis, onVerdict, notReady, guard, guardEvery, access);
  }

  /** Whether the verdict includes a client round trip (default true); without it only srvr/mntr are asked. */
  public QuorumWait withRoundTrip(boolean on) {
    return new QuorumWait(timeout, poll, on, probeMillis, onVerdict, notReady, guard, guardEvery, access);
  }

  /** Called with every verdict, for progress. */
  public QuorumWait onVerdict(Consumer<Verdict> callback) {
    return new QuorumWait(timeout, poll, roundTrip, probeMillis, callback, notReady, guard, guardEvery, access);
  }

  /** Asked before each probe: a reason means "not worth probing yet" (a member still paused, say). */
  public QuorumWait unlessNotReady(Supplier<Optional<String>> reason) {
    return new QuorumWait(timeout, poll, roundTrip, probeMillis, onVerdict, reason, guard, guardEvery, access);
  }

  /** Run about every {@code every}; it throws to give up early (a member that stopped, say). */
  public QuorumWait withGuard(Runnable check, Duration every) {
    return new QuorumWait(timeout, poll, roundTrip, probeMillis, onVerdict, notReady, check, every, access);
  }

  /** How its probes reach the members (TLS, a login) on a secure cluster; plaintext by default. */
  public QuorumWait withAccess(io.zkorch.security.ClientAccess a) {
    return new QuorumWait(timeout, poll, roundTrip, probeMillis, onVerdict, notReady, guard, guardEvery, a);
  }

  public Duration timeout() {
    return timeout;
  }

  /** Waits on fixed endpoints. */
  public Verdict await(List<Endpoint> endpoints) {
    List<Endpoint> fixed = List.copyOf(endpoints);
    return await(() -> fixed);
  }

  /**
   * Waits on endpoints looked up again before each probe (members restarted by a heal may have moved); returns the
   * healthy verdict, or throws {@link TimedOut}.
   */
  public Verdict await(Supplier<List<Endpoint>> endpoints) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextGuard = System.nanoTime();
    Verdict last = null;
    String lastReason = null;
    List<Endpoint> probing = null;
    QuorumProbe probe = null;
    try {
      while (true) {
        if (System.nanoTime() >= nextGuard) {
          guard.run();
          nextGuard = System.nanoTime() + guardEvery.toNanos();
        }
        Optional<String> reason = notReady.get();
        if (reason.isPresent()) {
          lastReason = reason.get();
        } else {
          List<Endpoint> now = endpoints.get();
          if (!now.equals(probing)) {
            if (probe != null) {
              probe.close();
            }
            probe = new QuorumProbe(now, probeMillis, access);
            probing = now;
          }
          last = probe.probe(roundTrip);
          lastReason = null;
          onVerdict.accept(last);
          if (roundTrip ? last.healthy() : last.readyForRoundTrip()) {
            return last;
          }
        }
        if (System.nanoTime() >= deadline) {
          throw new TimedOut(timeout, lastReason == null ? last : null, lastReason);
        }
        sleep(poll);
      }
    } finally {
      if (probe != null) {
        probe.close();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ZkorchException.failure("Interrupted while waiting for the quorum.");
    }
  }
}
