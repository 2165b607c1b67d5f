package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link io.zkorch.runtime.Diagnostics}: logs, an export of every node, four-letter words from inside. */
interface DiagnosticsContract extends ContractFixture {

  @Test
  @Order(20)
  default void logsAndFourLetterWordsFromInside() {
    String log = provider().logs(cluster(), "zk1", 200);
    assertTrue(log.contains("QuorumPeer") || log.contains("ZooKeeper"), log);
    assertTrue(provider().fourLetterWordInside(cluster(), "zk1", "srvr").contains("Mode:"));
    ZkorchException unknown = assertThrows(ZkorchException.class, () -> provider().logs(cluster(), "zk9", 1));
    assertEquals(ZkorchException.EXIT_USAGE, unknown.exitCode());
  }

  @Test
  @Order(21)
  default void exportsEveryMembersLogs() throws Exception {
    Path dir = Files.createTempDirectory("zkorch-export");
    try {
      List<Path> files = provider().exportLogs(cluster(), dir);
      assertFalse(files.isEmpty());
      for (String member : List.of("zk1", "zk2", "zk3")) {
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().contains(member)), member + ": " + files);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
