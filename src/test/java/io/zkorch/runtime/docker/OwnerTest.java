package io.zkorch.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Orphan detection: an owner is gone only when it ran here and its pid (with its start time) no longer lives. */
class OwnerTest {

  @Test
  void labelsRoundTrip() {
    Owner me = Owner.current();
    assertEquals(Optional.of(me), Owner.of(me.labels()));
    assertEquals(Optional.empty(), Owner.of(Map.of()));
    assertEquals(Optional.empty(), Owner.of(Map.of(Owner.HOST, "h", Owner.PID, "x")));
  }

  @Test
  void thisJvmIsNotGone() {
    assertFalse(Owner.current().gone());
  }

  @Test
  void aFinishedProcessIsGone() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Owner me = Owner.current();
    assertTrue(new Owner(me.host(), p.pid(), 0).gone());
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsGone() {
    Owner me = Owner.current();
    assertTrue(new Owner(me.host(), me.pid(), me.started() - 60_000).gone());
  }

  @Test
  void anOwnerOnAnotherHostIsNeverJudged() {
    assertFalse(new Owner("some-other-host", 999_999_999L, 1).gone());
  }
}
