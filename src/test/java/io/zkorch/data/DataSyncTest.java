package io.zkorch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.spec.DataSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeding, diff, apply, prune and export against a real ZooKeeper server (Curator's TestingServer, in this JVM); the
 * Docker and local runtimes are covered by DataIT.
 */
class DataSyncTest {

  private TestingServer server;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static DataSpec tree(String yaml, Path dir) throws Exception {
    Path f = dir.resolve("tree-" + System.nanoTime() + ".yaml");
    Files.writeString(f, yaml);
    return SpecLoader.readData(f);
  }

  @Test
  void seedingCreatesThenLeavesThenUpdatesOnlyWhatDiffers() throws Exception {
    DataSpec t = tree("data:\n  /app/config/a: one\n  /app/config/b: two\n  /app/empty:\n", dir);
    DataSync.Plan first = DataSync.seed(server.getConnectString(), t);
    assertEquals(3, first.count(DataSync.Kind.CREATE), first.changes().toString());
    assertEquals("3 created", first.summary());

    DataSync.Plan again = DataSync.seed(server.getConnectString(), t);
    assertTrue(again.noop(), "seeding is idempotent: " + again.changes());
    assertEquals("3 unchanged", again.summary());

    DataSync.withClient(server.getConnectString(), c -> {
      try {
        c.create().forPath("/app/config/theirs", "x".getBytes(StandardCharsets.UTF_8));
        c.setData().forPath("/app/config/a", "changed by hand".getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return null;
    });
    DataSync.Plan third = DataSync.seed(server.getConnectString(), t);
    assertEquals("1 updated, 2 unchanged; 1 other znode left as it is", third.summary());
    assertTrue(third.diff().contains("~ /app/config/a: \"changed by hand\" → \"one\""), third.diff());
    DataSync.withClient(server.getConnectString(), c -> {
      try {
        assertEquals("one", new String(c.getData().forPath("/app/config/a"), StandardCharsets.UTF_8));
        assertEquals("x", new String(c.getData().forPath("/app/config/theirs"), StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return null;
    });
  }

  @Test
  void pruneDeletesOnlyUnderTheTreesTopPathsAndNeverEphemeralsOrOthers() throws Exception {
    DataSpec t = tree("data:\n  /app/keep: k\n", dir);
    DataSync.withClient(server.getConnectString(), c -> {
      try {
        c.create().creatingParentsIfNeeded().forPath("/app/old/deep", "d".getBytes(StandardCharsets.UTF_8));
        c.create().withMode(CreateMode.EPHEMERAL).forPath("/app/session", new byte[0]);
        c.create().forPath("/elsewhere", "e".getBytes(StandardCharsets.UTF_8));
        DataSync.Plan dry = DataSync.plan(c, t, true);
        assertEquals(List.of("+ /app/keep = \"k\"", "- /app/old/deep (was \"d\")", "- /app/old (was \"\")"),
            dry.diff().lines().toList());
        assertEquals(List.of("/app/session"), dry.left(), "ephemeral znodes belong to their sessions");
        DataSync.Plan noPrune = DataSync.plan(c, t, false);
        assertEquals(3, noPrune.left().size(), noPrune.left().toString());
        DataSync.apply(c, dry);
        assertNull(c.checkExists().forPath("/app/old"));
        assertTrue(c.checkExists().forPath("/app/session") != null);
        assertTrue(c.checkExists().forPath("/elsewhere") != null, "outside the tree's top paths: untouched");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return null;
    });
  }

  /** export → apply on a fresh ensemble → export gives the same text, binary and odd values included. */
  @Test
  void exportApplyExportRoundTripIsIdentical() throws Exception {
    byte[] binary = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 10};
    String exported;
    List<String> skipped = new ArrayList<>();
    DataSpec first = DataSync.withClient(server.getConnectString(), c -> {
      try {
        c.create().creatingParentsIfNeeded().forPath("/app/config/text", "héllo wörld ✓".getBytes(StandardCharsets.UTF_8));
        c.create().forPath("/app/config/multi", "a: 1\nb: [2, 3]\n  indented\n".getBytes(StandardCharsets.UTF_8));
        c.create().forPath("/app/config/number", "0x10".getBytes(StandardCharsets.UTF_8));
        c.create().forPath("/app/config/yes", "yes".getBytes(StandardCharsets.UTF_8));
        c.create().forPath("/app/config/spaces", "  padded  ".getBytes(StandardCharsets.UTF_8));
        c.create().forPath("/app/config/bin", binary);
        c.create().forPath("/app/empty-leaf", new byte[0]);
        c.create().withMode(CreateMode.EPHEMERAL).forPath("/app/live", new byte[0]);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return DataSync.export(c, "/", skipped); // while the ephemeral's session lives
    });
    assertEquals(List.of("/app/live"), skipped);
    exported = DataSync.toYaml(first);
    assertFalse(exported.contains("/zookeeper"), exported);
    assertTrue(exported.contains("base64"), "binary as base64:\n" + exported);

    try (TestingServer fresh = new TestingServer(true)) {
      DataSpec parsed = tree(exported, dir);
      assertEquals(first, parsed, "the YAML reads back as the same tree");
      DataSync.seed(fresh.getConnectString(), parsed);
      DataSpec second = DataSync.withClient(fresh.getConnectString(), c -> DataSync.export(c, "/", new ArrayList<>()));
      assertEquals(exported, DataSync.toYaml(second));
      assertArrayEquals(binary, second.find("/app/config/bin").orElseThrow().data());
      // a subtree alone
      DataSpec sub = DataSync.withClient(fresh.getConnectString(), c -> DataSync.export(c, "/app/config",
          new ArrayList<>()));
      assertEquals(6, sub.znodes().size(), sub.toString());
    }
  }

  @Test
  void exportOfAMissingPathIsAUsageError() {
    io.zkorch.ZkorchException e = org.junit.jupiter.api.Assertions.assertThrows(io.zkorch.ZkorchException.class,
        () -> DataSync.withClient(server.getConnectString(), c -> DataSync.export(c, "/nope", new ArrayList<>())));
    assertEquals(2, e.exitCode());
  }

}
