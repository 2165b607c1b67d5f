package io.zkorch.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what your own configuration code did — versions published, and versions each watcher saw — and checks it
 * the way zkorch's config scenario is checked: ZooKeeper promises every client a single order of updates
 * (sequential consistency) and that watches fire for the next change, so no watcher may go back to an older
 * version, and once publishing stops every watcher must end on the last acknowledged version (or a later one in
 * doubt).
 *
 * <pre>{@code
 * ConfigHistory config = new ConfigHistory();
 * ConfigHistory.Publish p = config.publish(7);
 * try { myConfig.publish(7, settings); p.ok(); } catch (ConnectionLossException e) { p.info(); }
 * // in each watcher, for every change it is told of:
 * config.seen("watcher-2", version);
 * // after publishing stopped and the watchers settled:
 * config.assertMonotonicAndConverged();
 * }</pre>
 */
public final class ConfigHistory {

  private final Map<Long, String> published = new LinkedHashMap<>(); // version -> ok | info | open
  private final Map<String, List<Long>> seen = new LinkedHashMap<>();
  private final List<Event> events = new ArrayList<>();

  /**
   * One thing that happened, for reports: a publish acknowledged ({@code what} = publish, {@code who} = writer) or a
   * version a watcher saw ({@code what} = apply), at {@link System#nanoTime()}.
   */
  public record Event(String who, String what, long version, long atNanos) {}

  /** A publish, to be ended once. */
  public final class Publish {
    private final long version;
    private boolean ended;

    private Publish(long version) {
      this.version = version;
    }

    public void ok() {
      end("ok");
      synchronized (ConfigHistory.this) {
        events.add(new Event("writer", "publish", version, System.nanoTime()));
      }
    }

    /** It certainly did not happen. */
    public void fail() {
      synchronized (ConfigHistory.this) {
        finish();
        published.remove(version);
      }
    }

    /** In doubt: it may have been published. */
    public void info() {
      end("info");
    }

    private void end(String how) {
      synchronized (ConfigHistory.this) {
        finish();
        published.put(version, how);
      }
    }

    private void finish() {
      if (ended) {
        throw new IllegalStateException("the publish of version " + version + " has already ended");
      }
      ended = true;
    }
  }

  /** Begins to publish {@code version}; versions rise with every publish. */
  public synchronized Publish publish(long version) {
    published.put(version, "open");
    return new Publish(version);
  }

  /** {@code watcher} saw {@code version} (in the order it saw them). */
  public synchronized void seen(String watcher, long version) {
    seen.computeIfAbsent(watcher, k -> new ArrayList<>()).add(version);
    events.add(new Event(watcher, "apply", version, System.nanoTime()));
  }

  /** What happened, in order: acknowledged publishes and the versions watchers saw. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Counts for reports: publishes acknowledged and in doubt, watchers, versions seen. */
  public synchronized Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("published", published.values().stream().filter("ok"::equals).count());
    f.put("in_doubt", published.values().stream().filter(v -> !v.equals("ok")).count());
    f.put("watchers", seen.size());
    f.put("seen", seen.values().stream().mapToLong(List::size).sum());
    return f;
  }

  /** What is wrong, one sentence per finding; empty when every watcher went forward and ended on the last version. */
  public synchronized List<String> problems() {
    List<String> problems = new ArrayList<>();
    long last = published.entrySet().stream().filter(e -> e.getValue().equals("ok")).mapToLong(Map.Entry::getKey)
        .max().orElse(Long.MIN_VALUE);
    seen.forEach((watcher, versions) -> {
      for (int i = 1; i < versions.size(); i++) {
        if (versions.get(i) < versions.get(i - 1)) {
          problems.add(watcher + " went back from version " + versions.get(i - 1) + " to " + versions.get(i));
          break;
        }
      }
      for (long v : versions) {
        if (!published.containsKey(v)) {
          problems.add(watcher + " saw version " + v + ", which was never published");
          break;
        }
      }
      long end = versions.isEmpty() ? Long.MIN_VALUE : versions.get(versions.size() - 1);
      if (last != Long.MIN_VALUE && end < last) {
        problems.add(watcher + " ended on version " + (versions.isEmpty() ? "none" : end) + ", not the last"
            + " acknowledged " + last);
      }
    });
    return problems;
  }

  /** Nothing when every watcher went forward only and converged; otherwise an AssertionError saying who did not. */
  public void assertMonotonicAndConverged() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new AssertionError("Config: " + String.join("; ", p));
    }
  }
}
