package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import java.time.Duration;

/**
 * What the role contracts share: one 3-member ensemble on the provider under test, booted once per suite by {@link
 * ProviderContract}. Each role's contract is a test interface (JUnit's default-method tests), so a provider's suite
 * implements the roles it plays and no others.
 */
interface ContractFixture {

  Provider provider();

  ClusterManager manager();

  ClusterSpec spec();

  String cluster();

  default ClusterStatus awaitHealthy() {
    long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(60)).toNanos();
    ClusterStatus status = manager().status(cluster(), true);
    while (!status.healthy() && System.nanoTime() < giveUp) {
      sleep(200);
      status = manager().status(cluster(), true);
    }
    assertTrue(status.healthy(), "not healthy again: " + status.verdict().firstFailure());
    return status;
  }

  default Node member(String target) {
    return provider().find(cluster()).orElseThrow().members().stream().filter(n -> n.target().equals(target))
        .findFirst().orElseThrow();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
