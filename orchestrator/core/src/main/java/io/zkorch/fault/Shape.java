package io.zkorch.fault;

import io.zkorch.ZkorchException;
import io.zkorch.runtime.Partitioning.Cut;
import io.zkorch.spec.Fault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A partition's shape over the voting members, as Jepsen's nemeses make them, computed before anything is cut (so it
 * can be checked without Docker). Clients are never cut: every app and worker still reaches every member.
 *
 * <ul>
 *   <li>halves: a minority of (n-1)/2 voters, chosen by the seed, cut from the majority (observers go with it);
 *   <li>bridge: one voter sees everyone, the others are split in two halves that do not see each other;
 *   <li>ring: voters in a ring by name, each seeing the nearest ones on both sides — a majority with itself — and no
 *       two seeing the same majority; needs 5 or more voters (with 3, every member is next to both others).
 * </ul>
 *
 * @param cuts what each node stops hearing (both ways)
 * @param named the side the event names: the minority, the bridge, or the ring
 * @param sides the sides for people: "minority; majority zk2 zk3"
 * @param minority the members whose claims to lead do not count (for halves, the minority; else none)
 */
record Shape(List<Cut> cuts, String named, String sides, List<String> minority) {

  static Shape of(Fault.Target target, List<String> voters, List<String> observers, Random random) {
    List<String> sorted = new ArrayList<>(voters);
    sorted.sort(Shape::byName);
    return switch (target) {
      case HALVES -> halves(sorted, observers, random);
      case BRIDGE -> bridge(sorted, random);
      case RING -> ring(sorted);
      default -> throw new IllegalArgumentException(target.id() + " is not a partition's shape");
    };
  }

  private static Shape halves(List<String> voters, List<String> observers, Random random) {
    if (voters.size() < 2) {
      throw ZkorchException.usage("partition-halves needs 2 or more running voting members; there "
          + (voters.size() == 1 ? "is 1" : "are none") + ".");
    }
    List<String> shuffled = new ArrayList<>(voters);
    Collections.shuffle(shuffled, random);
    List<String> minority = new ArrayList<>(shuffled.subList(0, Math.max(1, (voters.size() - 1) / 2)));
    minority.sort(Shape::byName);
    List<String> majority = new ArrayList<>(voters);
    majority.removeAll(minority);
    majority.addAll(observers);
    List<Cut> cuts = minority.stream().map(m -> new Cut(m, majority, false)).toList();
    return new Shape(cuts, String.join(",", minority), "minority; majority " + String.join(" ", majority), minority);
  }

  private static Shape bridge(List<String> voters, Random random) {
    if (voters.size() < 3) {
      throw ZkorchException.usage("partition-bridge needs 3 or more running voting members (two halves and the"
          + " bridge); there are " + voters.size() + ".");
    }
    List<String> shuffled = new ArrayList<>(voters);
    Collections.shuffle(shuffled, random);
    String bridge = shuffled.get(0);
    List<String> rest = new ArrayList<>(shuffled.subList(1, shuffled.size()));
    rest.sort(Shape::byName);
    List<String> left = rest.subList(0, rest.size() / 2);
    List<String> right = rest.subList(rest.size() / 2, rest.size());
    List<Cut> cuts = left.stream().map(l -> new Cut(l, right, false)).toList();
    return new Shape(cuts, bridge, "bridge between " + String.join(" ", left) + " and " + String.join(" ", right),
        List.of());
  }

  private static Shape ring(List<String> voters) {
    int n = voters.size();
    if (n < 5) {
      throw ZkorchException.usage("partition-ring needs 5 or more running voting members (with " + n + ", every"
          + " member is next to all the others, so nothing would be cut); use partition-bridge or partition-halves.");
    }
    int majority = n / 2 + 1;
    int reach = (majority - 1 + 1) / 2; // neighbours seen on each side: itself and 2 × reach make a majority
    List<Cut> cuts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> far = new ArrayList<>();
      for (int j = i + 1; j < n; j++) {
        int distance = Math.min(j - i, n - (j - i));
        if (distance > reach) {
          far.add(voters.get(j));
        }
      }
      if (!far.isEmpty()) {
        cuts.add(new Cut(voters.get(i), far, false));
      }
    }
    return new Shape(cuts, String.join(",", voters), "ring, each sees " + (2 * reach + 1) + " of " + n, List.of());
  }

  /** zk2 before zk10. */
  static int byName(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && !pa.equals(a) && !pb.equals(b)) {
      return Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
    }
    return a.compareTo(b);
  }
}
