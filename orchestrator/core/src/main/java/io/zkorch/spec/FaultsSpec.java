package io.zkorch.spec;

import java.time.Duration;
import java.util.List;

/**
 * A scenario's fault schedule as declared (`faults:` in cluster.yaml, or `zkorch run --faults`).
 *
 * @param schedule fault names such as kill-leader, pause-holder, partition-zk2 (see {@link io.zkorch.spec.Fault})
 * @param interval time between faults (default 10s)
 * @param hold how long each fault lasts (default: half the interval; pauses and partitions of workers outlast
 *     their session)
 * @param seed chooses among equal targets (default 1)
 */
public record FaultsSpec(List<String> schedule, Duration interval, Duration hold, Long seed) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  public FaultsSpec {
    schedule = List.copyOf(schedule);
  }

  public Duration intervalOrDefault() {
    return interval == null ? DEFAULT_INTERVAL : interval;
  }

  public long seedOrDefault() {
    return seed == null ? 1 : seed;
  }
}
