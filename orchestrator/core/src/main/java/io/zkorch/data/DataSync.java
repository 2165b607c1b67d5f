package io.zkorch.data;

import io.zkorch.ZkorchException;
import io.zkorch.spec.DataSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Brings an ensemble's znodes in line with a {@link DataSpec}: a plan first (what would be created, updated,
 * deleted and left), then the plan applied, then what was done. Also reads a subtree back as a DataSpec ({@link
 * #export}). Everything goes through one Curator client the caller owns.
 */
public final class DataSync {

  private DataSync() {}

  /** What happens to one znode. */
  public enum Kind { CREATE, UPDATE, DELETE, UNCHANGED }

  /**
   * One line of a plan.
   *
   * @param kind what happens
   * @param path the znode
   * @param before its bytes now (null when it does not exist)
   * @param after its bytes after (null when deleted)
   */
  public record Change(Kind kind, String path, byte[] before, byte[] after) {

    /** The diff line: {@code + /a = "x"}, {@code ~ /a: "x" → "y"}, {@code - /a}, {@code = /a}. */
    public String line() {
      return switch (kind) {
        case CREATE -> "+ " + path + " = " + show(after);
        case UPDATE -> "~ " + path + ": " + show(before) + " → " + show(after);
        case DELETE -> "- " + path + " (was " + show(before) + ")";
        case UNCHANGED -> "= " + path;
      };
    }

    private static String show(byte[] b) {
      return DataSpec.text(b).map(t -> {
        String one = t.replace("\n", "\\n");
        return "\"" + (one.length() > 60 ? one.substring(0, 59) + "…" : one) + "\"";
      }).orElse(b.length + " bytes");
    }
  }

  /**
   * A plan.
   *
   * @param changes one per znode of the tree (and, with prune, per znode to delete), parents first; deletions
   *     deepest first, after the rest
   * @param left znodes in the ensemble under the tree's top paths that the plan does not touch (not pruned, or
   *     ephemeral)
   */
  public record Plan(List<Change> changes, List<String> left) {

    public long count(Kind kind) {
      return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** Whether applying it changes nothing. */
    public boolean noop() {
      return changes.stream().allMatch(c -> c.kind() == Kind.UNCHANGED);
    }

    /** "2 created, 1 updated, 3 unchanged; 4 other znodes left as they are". */
    public String summary() {
      List<String> parts = new ArrayList<>();
      if (count(Kind.CREATE) > 0) {
        parts.add(count(Kind.CREATE) + " created");
      }
      if (count(Kind.UPDATE) > 0) {
        parts.add(count(Kind.UPDATE) + " updated");
      }
      if (count(Kind.DELETE) > 0) {
        parts.add(count(Kind.DELETE) + " deleted");
      }
      if (count(Kind.UNCHANGED) > 0) {
        parts.add(count(Kind.UNCHANGED) + " unchanged");
      }
      String s = parts.isEmpty() ? "nothing to do" : String.join(", ", parts);
      return left.isEmpty() ? s : s + "; " + left.size() + " other znode" + (left.size() == 1 ? "" : "s")
          + " left as " + (left.size() == 1 ? "it is" : "they are");
    }

    /** The diff, one line per change that does something (UNCHANGED lines left out). */
    public String diff() {
      StringBuilder out = new StringBuilder();
      changes.stream().filter(c -> c.kind() != Kind.UNCHANGED).forEach(c -> out.append(c.line()).append('\n'));
      return out.toString();
    }
  }

  /** The plan that makes the ensemble hold {@code tree}; with {@code prune}, also deletes what the tree lacks. */
  public static Plan plan(CuratorFramework client, DataSpec tree, boolean prune) {
    try {
      List<Change> changes = new ArrayList<>();
      for (DataSpec.Znode z : tree.znodes()) {
        Stat stat = new Stat();
        byte[] now;
        try {
          now = client.getData().storingStatIn(stat).forPath(z.path());
        } catch (KeeperException.NoNodeException e) {
          changes.add(new Change(Kind.CREATE, z.path(), null, z.data()));
          continue;
        }
        now = now == null ? new byte[0] : now;
        changes.add(new Change(Arrays.equals(now, z.data()) ? Kind.UNCHANGED : Kind.UPDATE, z.path(), now,
            z.data()));
      }
      // what else lives under the tree's top-level paths
      Set<String> wanted = new HashSet<>();
      for (DataSpec.Znode z : tree.znodes()) {
        for (String p = z.path(); !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
          wanted.add(p); // the znode and its parents
        }
      }
      Set<String> tops = new TreeSet<>();
      tree.znodes().forEach(z -> tops.add("/" + z.path().substring(1).split("/")[0]));
      List<String> left = new ArrayList<>();
      List<Change> deletes = new ArrayList<>();
      for (String top : tops) {
        for (String p : walk(client, top)) {
          if (wanted.contains(p)) {
            continue;
          }
          Stat stat = client.checkExists().forPath(p);
          if (stat == null) {
            continue;
          }
          if (prune && stat.getEphemeralOwner() == 0) {
            byte[] before = client.getData().forPath(p);
            deletes.add(new Change(Kind.DELETE, p, before == null ? new byte[0] : before, null));
          } else {
            left.add(p);
          }
        }
      }
      deletes.sort(Comparator.comparingInt((Change c) -> -depth(c.path())).thenComparing(Change::path));
      changes.addAll(deletes);
      return new Plan(changes, left);
    } catch (Exception e) {
      throw failed("reading the ensemble's znodes", e);
    }
  }

  /** Applies {@code plan} (parents created as needed, empty); a failure names the znode. */
  public static void apply(CuratorFramework client, Plan plan) {
    for (Change c : plan.changes()) {
      try {
        switch (c.kind()) {
          case CREATE -> client.create().creatingParentsIfNeeded().forPath(c.path(), c.after());
          case UPDATE -> client.setData().forPath(c.path(), c.after());
          case DELETE -> client.delete().forPath(c.path());
          case UNCHANGED -> { }
        }
      } catch (KeeperException.NotEmptyException e) {
        throw ZkorchException.failure("Could not delete " + c.path() + ": a client created a child under it"
            + " meanwhile; run the apply again.");
      } catch (Exception e) {
        throw failed(c.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + c.path(), e);
      }
    }
  }

  /**
   * The subtree at {@code root} (the whole tree, /zookeeper left out, for "/") as a DataSpec: every persistent
   * znode that holds bytes or has no children (an empty parent is implied by its children). Ephemeral znodes belong
   * to their sessions and are left out; their paths are added to {@code skipped}.
   */
  public static DataSpec export(CuratorFramework client, String root, List<String> skipped) {
    try {
      if (client.checkExists().forPath(root) == null) {
        throw ZkorchException.usage("There is no znode " + root + " in the ensemble.");
      }
      List<DataSpec.Znode> znodes = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      if (!root.equals("/")) {
        paths.add(root);
      }
      paths.addAll(walk(client, root));
      for (String p : paths) {
        Stat stat = new Stat();
        byte[] data;
        try {
          data = client.getData().storingStatIn(stat).forPath(p);
        } catch (KeeperException.NoNodeException gone) {
          continue;
        }
        if (stat.getEphemeralOwner() != 0) {
          skipped.add(p);
          continue;
        }
        data = data == null ? new byte[0] : data;
        if (data.length > 0 || stat.getNumChildren() == 0) {
          znodes.add(new DataSpec.Znode(p, data));
        }
      }
      return new DataSpec(znodes);
    } catch (ZkorchException e) {
      throw e;
    } catch (Exception e) {
      throw failed("reading " + root, e);
    }
  }

  /** Every znode below {@code root} (not root itself), depth first; /zookeeper left out. */
  static List<String> walk(CuratorFramework client, String root) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> children;
    try {
      children = client.getChildren().forPath(root);
    } catch (KeeperException.NoNodeException e) {
      return out;
    }
    for (String c : new TreeSet<>(children)) {
      String p = root.equals("/") ? "/" + c : root + "/" + c;
      if (p.equals("/zookeeper")) {
        continue;
      }
      out.add(p);
      out.addAll(walk(client, p));
    }
    return out;
  }

  private static int depth(String path) {
    return (int) path.chars().filter(ch -> ch == '/').count();
  }

  private static ZkorchException failed(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String why = e instanceof KeeperException k ? k.code() + (k.getPath() == null ? "" : " at " + k.getPath())
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return ZkorchException.failure("Data: " + what + " failed (" + why + ").", e);
  }

  /**
   * Runs {@code body} with a started client on {@code connect} (15 s to connect, then a clear failure naming the
   * connect string).
   */
  public static <T> T withClient(String connect, java.util.function.Function<CuratorFramework, T> body) {
    return withClient(connect, io.zkorch.security.ClientAccess.PLAIN, body);
  }

  /** {@link #withClient(String, java.util.function.Function)} through {@code access} (TLS, a login). */
  public static <T> T withClient(String connect, io.zkorch.security.ClientAccess access,
      java.util.function.Function<CuratorFramework, T> body) {
    try (CuratorFramework client = access.curator(connect).sessionTimeoutMs(30_000).connectionTimeoutMs(15_000)
        .retryPolicy(new org.apache.curator.retry.RetryNTimes(5, 300)).build()) {
      client.start();
      try {
        if (!client.blockUntilConnected(15, java.util.concurrent.TimeUnit.SECONDS)) {
          throw ZkorchException.failure("Could not reach the ensemble at " + connect + " within 15 s.");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ZkorchException.failure("Interrupted while connecting to " + connect + ".");
      }
      return body.apply(client);
    }
  }

  /** Seeds {@code tree}: creates what is missing, updates what differs, leaves everything else; returns the plan. */
  public static Plan seed(String connect, DataSpec tree) {
    return seed(connect, io.zkorch.security.ClientAccess.PLAIN, tree);
  }

  /** {@link #seed(String, DataSpec)} through {@code access}. */
  public static Plan seed(String connect, io.zkorch.security.ClientAccess access, DataSpec tree) {
    return withClient(connect, access, client -> {
      Plan plan = plan(client, tree, false);
      apply(client, plan);
      return plan;
    });
  }

  /** The tree as YAML in the format cluster.yaml's {@code data:} takes (text as strings, binary as base64). */
  public static String toYaml(DataSpec tree) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (DataSpec.Znode z : tree.znodes()) {
      data.put(z.path(), z.text().<Object>map(t -> t)
          .orElseGet(() -> Map.of("base64", java.util.Base64.getEncoder().encodeToString(z.data()))));
    }
    org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
    o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    o.setSplitLines(false);
    o.setWidth(Integer.MAX_VALUE);
    return new org.yaml.snakeyaml.Yaml(o).dump(Map.of("data", data));
  }

  /**
   * Applies {@code acls} (each znode created, with its parents, when missing): returns what was done, such as
   * "2 ACLs set (/app created)".
   */
  public static String applyAcls(CuratorFramework client, List<io.zkorch.spec.SecuritySpec.Acl> acls) {
    List<String> created = new ArrayList<>();
    for (io.zkorch.spec.SecuritySpec.Acl acl : acls) {
      List<org.apache.zookeeper.data.ACL> list = new ArrayList<>();
      for (String grant : acl.grants()) {
        int first = grant.indexOf(':');
        int last = grant.lastIndexOf(':');
        list.add(new org.apache.zookeeper.data.ACL(perms(grant.substring(last + 1)),
            new org.apache.zookeeper.data.Id(grant.substring(0, first), grant.substring(first + 1, last))));
      }
      try {
        if (client.checkExists().forPath(acl.path()) == null) {
          client.create().creatingParentsIfNeeded().forPath(acl.path(), new byte[0]);
          created.add(acl.path());
        }
        client.setACL().withACL(list).forPath(acl.path());
      } catch (Exception e) {
        throw failed("setting the ACL of " + acl.path(), e);
      }
    }
    return acls.size() + (acls.size() == 1 ? " ACL" : " ACLs") + " set"
        + (created.isEmpty() ? "" : " (" + String.join(", ", created) + " created)");
  }

  private static int perms(String letters) {
    int p = 0;
    for (char c : letters.toCharArray()) {
      p |= switch (c) {
        case 'c' -> org.apache.zookeeper.ZooDefs.Perms.CREATE;
        case 'd' -> org.apache.zookeeper.ZooDefs.Perms.DELETE;
        case 'r' -> org.apache.zookeeper.ZooDefs.Perms.READ;
        case 'w' -> org.apache.zookeeper.ZooDefs.Perms.WRITE;
        case 'a' -> org.apache.zookeeper.ZooDefs.Perms.ADMIN;
        default -> throw new IllegalArgumentException("not a permission: " + c);
      };
    }
    return p;
  }
}
