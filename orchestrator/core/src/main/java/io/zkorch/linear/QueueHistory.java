package io.zkorch.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records what your own queue code did — items put and items taken, from as many threads as it runs on — and checks
 * it the way zkorch's queue scenario is checked (and Jepsen's total-queue): after the queue was drained, every item
 * whose put was acknowledged was taken exactly once, nothing was taken twice, and nothing was taken that was never
 * put. A put in doubt (the connection was lost before the answer) may be taken once or not at all.
 *
 * <pre>{@code
 * QueueHistory queue = new QueueHistory();
 * QueueHistory.Put p = queue.put("order-17");
 * try { myQueue.offer("order-17"); p.ok(); } catch (ConnectionLossException e) { p.info(); }
 * // consumers, then a final drain:
 * queue.taken("consumer-1", myQueue.poll());
 * queue.assertEveryItemOnce();
 * }</pre>
 */
public final class QueueHistory {

  private final Map<String, String> puts = new LinkedHashMap<>(); // item -> ok | info | open
  private final Map<String, List<String>> takes = new LinkedHashMap<>(); // item -> who took it

  /** A put, to be ended once. */
  public final class Put {
    private final String item;
    private boolean ended;

    private Put(String item) {
      this.item = item;
    }

    /** The put was acknowledged: the item is in the queue. */
    public void ok() {
      end("ok");
    }

    /** It certainly did not happen: the item is not in the queue. */
    public void fail() {
      synchronized (QueueHistory.this) {
        finish();
        puts.remove(item);
      }
    }

    /** In doubt: the item may be in the queue. */
    public void info() {
      end("info");
    }

    private void end(String how) {
      synchronized (QueueHistory.this) {
        finish();
        puts.put(item, how);
      }
    }

    private void finish() {
      if (ended) {
        throw new IllegalStateException("the put of " + item + " has already ended");
      }
      ended = true;
    }
  }

  /** Begins to put {@code item}; items must be unique (number them). */
  public synchronized Put put(String item) {
    if (puts.containsKey(item)) {
      throw new IllegalStateException(item + " was put already; give every item its own value");
    }
    puts.put(item, "open");
    return new Put(item);
  }

  /** {@code consumer} took {@code item} (a null item — the queue was empty — is ignored). */
  public synchronized void taken(String consumer, String item) {
    if (item != null) {
      takes.computeIfAbsent(item, k -> new ArrayList<>()).add(consumer);
    }
  }

  /** Counts for reports: puts acknowledged and in doubt, items taken, consumers. */
  public synchronized Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("put", puts.values().stream().filter("ok"::equals).count());
    f.put("in_doubt", puts.values().stream().filter(v -> !v.equals("ok")).count());
    f.put("taken", takes.values().stream().mapToLong(List::size).sum());
    f.put("consumers", takes.values().stream().flatMap(List::stream).distinct().count());
    return f;
  }

  /** What is wrong, one sentence per finding; empty when every item was taken exactly once. */
  public synchronized List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> lost = new LinkedHashSet<>();
    for (Map.Entry<String, String> p : puts.entrySet()) {
      if (p.getValue().equals("ok") && !takes.containsKey(p.getKey())) {
        lost.add(p.getKey());
      }
    }
    if (!lost.isEmpty()) {
      problems.add(lost.size() + " acknowledged items never taken (lost): " + first(lost));
    }
    List<String> twice = new ArrayList<>();
    List<String> phantom = new ArrayList<>();
    takes.forEach((item, who) -> {
      if (who.size() > 1) {
        twice.add(item + " by " + String.join(" and ", who));
      }
      if (!puts.containsKey(item)) {
        phantom.add(item + " (by " + who.get(0) + ")");
      }
    });
    if (!twice.isEmpty()) {
      problems.add(twice.size() + " items taken more than once: " + first(twice));
    }
    if (!phantom.isEmpty()) {
      problems.add(phantom.size() + " items taken that were never put: " + first(phantom));
    }
    return problems;
  }

  private static String first(java.util.Collection<String> items) {
    List<String> l = new ArrayList<>(items);
    return String.join(", ", l.subList(0, Math.min(5, l.size()))) + (l.size() > 5 ? ", …" : "");
  }

  /** Nothing when every acknowledged item was taken exactly once; otherwise an AssertionError saying what was not. */
  public void assertEveryItemOnce() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new AssertionError("Queue: " + String.join("; ", p));
    }
  }
}
