package io.zkorch.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueAndConfigHistoryTest {

  @Test
  void everyAcknowledgedItemTakenOncePassesAndPutsInDoubtMayGoEitherWay() {
    QueueHistory q = new QueueHistory();
    for (int i = 0; i < 10; i++) {
      q.put("i" + i).ok();
    }
    q.put("maybe-1").info();
    q.put("maybe-2").info();
    q.put("never").fail();
    for (int i = 0; i < 10; i++) {
      q.taken("c" + (i % 2), "i" + i);
    }
    q.taken("c0", "maybe-1");
    q.taken("c1", null);
    q.assertEveryItemOnce();
  }

  @Test
  void lostDuplicatedAndPhantomItemsAreNamed() {
    QueueHistory q = new QueueHistory();
    q.put("a").ok();
    q.put("b").ok();
    q.put("c").ok();
    q.taken("c0", "a");
    q.taken("c1", "a");
    q.taken("c1", "b");
    q.taken("c0", "z");
    List<String> p = q.problems();
    assertEquals(3, p.size(), p.toString());
    assertTrue(p.get(0).contains("never taken (lost): c"), p.toString());
    assertTrue(p.get(1).contains("a by c0 and c1"), p.toString());
    assertTrue(p.get(2).contains("never put: z"), p.toString());
    AssertionError e = assertThrows(AssertionError.class, q::assertEveryItemOnce);
    assertTrue(e.getMessage().startsWith("Queue: "), e.getMessage());
    assertThrows(IllegalStateException.class, () -> q.put("a"));
  }

  @Test
  void watchersThatGoForwardAndEndOnTheLastVersionPass() {
    ConfigHistory c = new ConfigHistory();
    for (long v = 1; v <= 5; v++) {
      c.publish(v).ok();
    }
    c.seen("w1", 1);
    c.seen("w1", 3);
    c.seen("w1", 5);
    c.seen("w2", 5);
    c.assertMonotonicAndConverged();
  }

  @Test
  void aWatcherGoingBackOrStuckBehindIsNamed() {
    ConfigHistory c = new ConfigHistory();
    for (long v = 1; v <= 5; v++) {
      c.publish(v).ok();
    }
    c.publish(6).info();
    c.seen("w1", 3);
    c.seen("w1", 2);
    c.seen("w1", 6); // a version in doubt it saw: it was published after all
    c.seen("w2", 4);
    c.seen("w3", 9);
    List<String> p = c.problems();
    assertTrue(p.contains("w1 went back from version 3 to 2"), p.toString());
    assertTrue(p.contains("w2 ended on version 4, not the last acknowledged 5"), p.toString());
    assertTrue(p.contains("w3 saw version 9, which was never published"), p.toString());
    assertEquals(3, p.size(), p.toString());
    assertThrows(AssertionError.class, c::assertMonotonicAndConverged);
  }
}
