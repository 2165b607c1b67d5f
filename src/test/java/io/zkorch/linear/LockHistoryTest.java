package io.zkorch.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LockHistoryTest {

  @Test
  void holdersOneAfterTheOtherAreAMutex() {
    LockHistory h = new LockHistory();
    for (int i = 0; i < 50; i++) {
      String p = "c" + (i % 3);
      h.acquire(p).ok();
      h.release(p).ok();
    }
    LockHistory.Call timedOut = h.acquire("c9");
    timedOut.fail(); // it never held: left out
    h.assertMutualExclusion();
    assertEquals(100, h.history().size());
  }

  @Test
  void aSecondHolderWhileTheFirstStillHoldsIsCaught() {
    LockHistory h = new LockHistory();
    h.acquire("client-1").ok();
    h.acquire("client-2").ok(); // client-1 has not begun to release
    h.release("client-1").ok();
    h.release("client-2").ok();
    AssertionError e = assertThrows(AssertionError.class, h::assertMutualExclusion);
    assertTrue(e.getMessage().contains("Two holders at once") && e.getMessage().contains("client-2 cas nil→client-2"),
        e.getMessage());
  }

  @Test
  void aHolderThatSaysItMayHaveLostTheLockLetsTheNextOneIn() {
    LockHistory h = new LockHistory();
    h.acquire("client-1").ok();
    h.release("client-1").info(); // its session was lost: the lock may be free from now on
    h.acquire("client-2").ok();
    h.release("client-2").ok();
    h.assertMutualExclusion();
  }

  @Test
  void overlappingCallsMayBeOrderedEitherWay() {
    LockHistory h = new LockHistory();
    h.acquire("client-1").ok();
    LockHistory.Call release = h.release("client-1");
    LockHistory.Call acquire = h.acquire("client-2"); // begun before client-1's release ended: concurrent
    release.ok();
    acquire.ok();
    h.assertMutualExclusion();
  }

  @Test
  void onlyTheHolderReleasesAndLocksAreKeptApart() {
    LockHistory h = new LockHistory();
    h.acquire("client-1").ok();
    h.release("client-2").ok();
    assertThrows(AssertionError.class, h::assertMutualExclusion);
    LockHistory two = new LockHistory("orders");
    two.acquire("a").ok();
    two.release("a").ok();
    two.assertMutualExclusion();
    assertEquals("orders", two.history().get(0).key());
  }
}
