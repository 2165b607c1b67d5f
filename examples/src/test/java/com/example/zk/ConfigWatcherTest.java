package com.example.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.junit.ConnectString;
import io.zkorch.junit.ZooKeeperTest;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.retry.RetryForever;
import org.junit.jupiter.api.Test;

/**
 * A configuration watcher (Curator's CuratorCache) follows a config znode while the leader dies: it ends on the last
 * version written and never goes back to an older one. The ensemble comes from the @ZooKeeperTest extension.
 */
@ZooKeeperTest(members = 3, fastFailover = true)
class ConfigWatcherTest {

  static final String CONFIG = "/config/app";

  @Test
  void theWatcherSeesEveryChangeInOrderAcrossALeaderKill(ZooKeeperEnsemble zk) throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    try (CuratorFramework writer = client(zk.getConnectString(), zk);
        CuratorFramework watcher = client(zk.getConnectString(), zk);
        CuratorCache cache = CuratorCache.build(watcher, CONFIG)) {
      writer.create().creatingParentsIfNeeded().forPath(CONFIG, text(0));
      cache.listenable().addListener(CuratorCacheListener.builder()
          .forCreatesAndChanges((before, after) -> {
            if (after.getPath().equals(CONFIG)) {
              seen.add(Integer.parseInt(new String(after.getData(), StandardCharsets.UTF_8)));
            }
          }).build());
      cache.start();

      for (int version = 1; version <= 60; version++) {
        writer.setData().forPath(CONFIG, text(version));
        if (version == 20) {
          zk.killLeader();
        }
        Thread.sleep(20);
      }

      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((seen.isEmpty() || seen.get(seen.size() - 1) != 60) && System.nanoTime() < giveUp) {
        Thread.sleep(50);
      }
      assertEquals(60, seen.get(seen.size() - 1), "the watcher ends on the last version: " + seen);
      // a write whose answer the leader's death swallowed is sent again by Curator: the same value twice is fine,
      // an older one after a newer one never
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i) >= seen.get(i - 1), "never back to an older version: " + seen);
      }
    } finally {
      zk.heal();
    }
  }

  @Test
  void theConnectStringAloneIsEnoughForPlainClients(@ConnectString String connect) throws Exception {
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryForever(100))) {
      client.start();
      assertTrue(client.blockUntilConnected(20, TimeUnit.SECONDS));
      client.create().orSetData().creatingParentsIfNeeded().forPath("/config/other", text(1));
      assertEquals("1", new String(client.getData().forPath("/config/other"), StandardCharsets.UTF_8));
    }
  }

  static CuratorFramework client(String connect, ZooKeeperEnsemble zk) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(connect, zk.getSessionTimeoutMs(),
        zk.getConnectionTimeoutMs(), new RetryForever(50));
    client.start();
    assertTrue(client.blockUntilConnected(20, TimeUnit.SECONDS));
    return client;
  }

  static byte[] text(int version) {
    return Integer.toString(version).getBytes(StandardCharsets.UTF_8);
  }
}
