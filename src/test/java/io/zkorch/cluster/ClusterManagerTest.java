package io.zkorch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.fake.FakeProvider;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClusterManager} on a provider with no engine: the order of up's steps, refusals, and teardown on failure. */
class ClusterManagerTest {

  private static ClusterSpec spec(String name, String storage) {
    return SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + name
        + "\nzookeeper:\n  members: 3\n  storage: " + storage + "\n", "test");
  }

  private static final ClusterManager.UpOptions NO_WAIT =
      new ClusterManager.UpOptions(Duration.ZERO, false, Duration.ofMillis(50));

  @Test
  void upIsAnOrderedListOfSteps() {
    try (FakeProvider fake = FakeProvider.withPartitioning()) {
      io.zkorch.progress.RecordingProgress steps = new io.zkorch.progress.RecordingProgress();
      new ClusterManager(fake, steps).up(spec("dev", "volume"), NO_WAIT);
      // the network is made while the images are prepared (either may come first); the rest in order, after both
      assertEquals(java.util.Set.of("prepare dev", "createNetwork dev"), java.util.Set.copyOf(fake.calls.subList(0, 2)));
      assertEquals(List.of("createVolumes dev", "createMembers dev fake/member:1", "startMembers dev"),
          fake.calls.subList(2, fake.calls.size()));
      assertEquals(List.of("ok Creating network zkorch-dev", "ok Creating volumes", "ok Creating 3 members",
          "ok Starting members"), steps.lines);
      assertEquals(3, fake.find("dev").orElseThrow().members().size());
    }
  }

  @Test
  void tmpfsStorageCreatesNoVolumes() {
    try (FakeProvider fake = FakeProvider.withPartitioning()) {
      new ClusterManager(fake, Progress.silent()).up(spec("dev", "tmpfs"), NO_WAIT);
      assertTrue(fake.calls.stream().noneMatch(c -> c.startsWith("createVolumes")), fake.calls.toString());
    }
  }

  @Test
  void anExistingClusterIsRefusedAndNothingIsTouched() {
    try (FakeProvider fake = FakeProvider.withPartitioning()) {
      ClusterManager manager = new ClusterManager(fake, Progress.silent());
      manager.up(spec("dev", "tmpfs"), NO_WAIT);
      fake.calls.clear();
      ZkorchException e = assertThrows(ZkorchException.class, () -> manager.up(spec("dev", "tmpfs"), NO_WAIT));
      assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
      assertTrue(e.getMessage().contains("zkorch down dev"), e.getMessage());
      assertEquals(List.of(), fake.calls);
    }
  }

  @Test
  void aFailedStepRemovesWhatWasCreatedAndNamesTheStep() {
    try (FakeProvider fake = FakeProvider.withPartitioning().failOn("startMembers")) {
      io.zkorch.progress.RecordingProgress steps = new io.zkorch.progress.RecordingProgress();
      ZkorchException e = assertThrows(ZkorchException.class,
          () -> new ClusterManager(fake, steps).up(spec("dev", "volume"), NO_WAIT));
      assertEquals(ZkorchException.EXIT_ENVIRONMENT, e.exitCode());
      assertTrue(steps.lines.contains("fail Starting members"), steps.lines.toString());
      assertEquals("remove dev true", fake.calls.get(fake.calls.size() - 1), "volumes it made go too");
      assertTrue(fake.find("dev").isEmpty(), "nothing half-created is left: " + fake.find("dev"));
    }
  }

  @Test
  void retainKeepsAFailedCluster() {
    try (FakeProvider fake = FakeProvider.withPartitioning().failOn("startMembers")) {
      assertThrows(ZkorchException.class, () -> new ClusterManager(fake, Progress.silent())
          .up(spec("dev", "tmpfs"), new ClusterManager.UpOptions(Duration.ZERO, true, Duration.ofMillis(50))));
      assertTrue(fake.calls.stream().noneMatch(c -> c.startsWith("remove")), fake.calls.toString());
      assertTrue(fake.find("dev").isPresent());
    }
  }

  @Test
  void aNetworkLeftByAnInterruptedUpIsRemovedFirst() {
    try (FakeProvider fake = FakeProvider.withPartitioning()) {
      fake.leaveNetwork("dev");
      new ClusterManager(fake, Progress.silent()).up(spec("dev", "tmpfs"), NO_WAIT);
      assertEquals("remove dev false", fake.calls.get(0));
      // the network is created while the images are prepared
      assertEquals(java.util.Set.of("prepare dev", "createNetwork dev"), java.util.Set.copyOf(fake.calls.subList(1, 3)));
    }
  }

  @Test
  void aFailureWhilePreparingLeavesNothing() {
    try (FakeProvider fake = FakeProvider.withPartitioning().failOn("prepare")) {
      assertThrows(ZkorchException.class, () -> new ClusterManager(fake, Progress.silent())
          .up(spec("dev", "tmpfs"), NO_WAIT));
      // the network made alongside is removed again, and nothing else was made
      assertEquals(java.util.Set.of("prepare dev", "createNetwork dev"), java.util.Set.copyOf(fake.calls.subList(0, 2)));
      assertEquals(List.of("remove dev false"), fake.calls.subList(2, fake.calls.size()));
      assertTrue(fake.find("dev").isEmpty());
    }
  }
}
