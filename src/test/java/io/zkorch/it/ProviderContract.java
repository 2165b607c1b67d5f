package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boots the ensemble every role contract runs against, and removes it afterwards, asserting that nothing is left
 * and that removal is idempotent. Subclasses name the provider and implement the role contracts it honours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ProviderContract implements ContractFixture {

  private Provider provider;
  private ClusterManager manager;
  private ClusterSpec spec;

  /** A fresh provider for this suite. */
  abstract Provider open();

  /** Asserts that nothing of {@code cluster} remains on the provider (containers, networks, processes, folders). */
  abstract void assertNothingLeft(String cluster);

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public ClusterManager manager() {
    return manager;
  }

  @Override
  public ClusterSpec spec() {
    return spec;
  }

  @BeforeAll
  void boot() {
    provider = open();
    provider.remove(cluster(), true);
    spec = SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + cluster()
        + "\nzookeeper:\n  members: 3\n  storage: tmpfs\n  profile: fast-failover\nimages:\n  base: "
        + ItSupport.baseImage() + "\n", "contract");
    manager = new ClusterManager(provider, Progress.silent());
    ClusterStatus status = manager.up(spec, ClusterManager.UpOptions.waitFor(ItSupport.timeout(Duration.ofSeconds(90))));
    assertTrue(status.healthy(), String.valueOf(status.verdict()));
  }

  @AfterAll
  void removeEverything() {
    try {
      provider.remove(cluster(), true);
      assertTrue(provider.find(cluster()).isEmpty(), "found after remove: " + provider.find(cluster()));
      assertEquals(java.util.List.of(), provider.remove(cluster(), true), "remove is idempotent");
      assertNothingLeft(cluster());
    } finally {
      provider.close();
    }
  }
}
