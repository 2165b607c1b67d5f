package io.zkorch.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.runtime.Partitioning.Cut;
import io.zkorch.spec.Fault;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The partition shapes, judged by who can still talk to whom (the graph the cuts leave). */
class ShapeTest {

  private static final List<String> THREE = List.of("zk1", "zk2", "zk3");
  private static final List<String> FIVE = List.of("zk1", "zk2", "zk3", "zk4", "zk5");

  /** Who each node still hears: everyone, less what the cuts take away (both ways). */
  private static Map<String, Set<String>> sees(List<String> nodes, List<Cut> cuts) {
    Map<String, Set<String>> sees = new HashMap<>();
    for (String n : nodes) {
      sees.put(n, new HashSet<>(nodes));
    }
    for (Cut c : cuts) {
      assertTrue(!c.inboundOnly(), "shapes cut both ways");
      for (String p : c.peers()) {
        sees.get(c.node()).remove(p);
        sees.get(p).remove(c.node());
      }
    }
    return sees;
  }

  @Test
  void halvesCutAMinorityFromTheMajorityAndTheSeedChoosesIt() {
    for (List<String> voters : List.of(THREE, FIVE)) {
      Set<String> minorities = new HashSet<>();
      for (long seed = 0; seed < 40; seed++) {
        Shape s = Shape.of(Fault.Target.HALVES, voters, List.of(), new Random(seed));
        Map<String, Set<String>> sees = sees(voters, s.cuts());
        int small = (voters.size() - 1) / 2;
        assertEquals(small, s.minority().size());
        for (String m : s.minority()) {
          assertEquals(Set.copyOf(s.minority()), sees.get(m));
        }
        voters.stream().filter(v -> !s.minority().contains(v))
            .forEach(v -> assertEquals(voters.size() - small, sees.get(v).size()));
        minorities.add(s.named());
        assertEquals(s, Shape.of(Fault.Target.HALVES, voters, List.of(), new Random(seed)), "same seed, same cut");
      }
      assertTrue(minorities.size() > 1, "the seed chooses the minority: " + minorities);
    }
  }

  @Test
  void observersGoWithTheMajority() {
    Shape s = Shape.of(Fault.Target.HALVES, THREE, List.of("zk4"), new Random(1));
    assertEquals(1, s.cuts().size());
    assertTrue(s.cuts().get(0).peers().contains("zk4"));
    assertTrue(s.sides().endsWith("zk4"), s.sides());
  }

  @Test
  void aBridgeSeesEveryoneWhileTheHalvesDoNotSeeEachOther() {
    for (List<String> voters : List.of(THREE, FIVE)) {
      for (long seed = 0; seed < 20; seed++) {
        Shape s = Shape.of(Fault.Target.BRIDGE, voters, List.of(), new Random(seed));
        Map<String, Set<String>> sees = sees(voters, s.cuts());
        assertEquals(Set.copyOf(voters), sees.get(s.named()), "the bridge " + s.named() + " sees everyone");
        for (String v : voters) {
          if (!v.equals(s.named())) {
            assertTrue(sees.get(v).size() < voters.size(), v + " is cut from the other half");
            assertTrue(sees.get(v).size() >= 2, v + " sees its half and the bridge");
          }
        }
      }
    }
    // with three: one link cut, between the two that are not the bridge
    Shape three = Shape.of(Fault.Target.BRIDGE, THREE, List.of(), new Random(3));
    List<String> links = three.cuts().stream().flatMap(c -> c.links().stream()).toList();
    assertEquals(1, links.size());
    assertTrue(!links.get(0).contains(three.named()), links + " spares the bridge " + three.named());
  }

  @Test
  void inARingEveryoneSeesAMajorityButNoTwoTheSameOne() {
    for (int n : new int[] {5, 6, 7, 9}) {
      List<String> voters = new java.util.ArrayList<>();
      for (int i = 1; i <= n; i++) {
        voters.add("zk" + i);
      }
      Shape s = Shape.of(Fault.Target.RING, voters, List.of(), new Random(0));
      Map<String, Set<String>> sees = sees(voters, s.cuts());
      Set<Set<String>> majorities = new HashSet<>();
      for (String v : voters) {
        assertTrue(sees.get(v).size() > n / 2, v + " sees a majority of " + n + ": " + sees.get(v));
        assertTrue(sees.get(v).size() < n, v + " does not see everyone");
        majorities.add(sees.get(v));
      }
      assertEquals(n, majorities.size(), "no two nodes see the same majority");
    }
  }

  @Test
  void shapesThatCannotBeMadeSaySo() {
    ZkorchException ring = assertThrows(ZkorchException.class,
        () -> Shape.of(Fault.Target.RING, THREE, List.of(), new Random(0)));
    assertTrue(ring.getMessage().contains("5 or more"), ring.getMessage());
    ZkorchException bridge = assertThrows(ZkorchException.class,
        () -> Shape.of(Fault.Target.BRIDGE, List.of("zk1", "zk2"), List.of(), new Random(0)));
    assertTrue(bridge.getMessage().contains("3 or more"), bridge.getMessage());
    assertEquals(-1, Integer.signum(Shape.byName("zk2", "zk10")));
  }

  @Test
  void theEndsOfAFaultsLinksAreReadBackFromItsDescription() {
    assertEquals(Set.of("zk1", "zk2", "zk3"), io.zkorch.runtime.Partitioning.ends("zk3<->zk1 zk3<->zk2"));
    assertEquals(Set.of("zk1", "app-1"), io.zkorch.runtime.Partitioning.ends("app-1->zk1"));
    assertEquals(Set.of("zk1", "zk2"), io.zkorch.runtime.Partitioning.ends("delay 200 ms ~50 ms on zk1->zk2"));
    assertEquals(Set.of(), io.zkorch.runtime.Partitioning.ends("delay 200 ms, loss 20.0%"));
    assertEquals(Set.of(), io.zkorch.runtime.Partitioning.ends(null));
    assertEquals(Set.of(), io.zkorch.runtime.Partitioning.ends("true"));
  }
}
