package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.it.fixtures.PerMethodFixture;
import io.zkorch.it.fixtures.SharedEnsembleFixture;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The @ZooKeeperTest extension: what it injects, how long an ensemble lives, and that nothing outlives it. */
@DockerTest
class ZooKeeperTestIT {

  static TestExecutionSummary run(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(fixture)).build(), listener);
    return listener.getSummary();
  }

  static String failures(TestExecutionSummary s) {
    StringBuilder out = new StringBuilder();
    s.getFailures().forEach(f -> out.append(f.getTestIdentifier().getDisplayName()).append(": ")
        .append(f.getException()).append('\n'));
    return out.toString();
  }

  @Test
  void oneEnsemblePerClassIsInjectedEverywhereAndRemovedAfterTheClass() {
    SharedEnsembleFixture.SEEN.clear();
    TestExecutionSummary s = run(SharedEnsembleFixture.class);
    assertEquals(0, s.getTotalFailureCount(), failures(s));
    assertEquals(3, s.getTestsSucceededCount());
    // @BeforeAll, two tests and a @Nested test: one and the same ensemble
    assertEquals(4, SharedEnsembleFixture.SEEN.size());
    ZooKeeperEnsemble first = SharedEnsembleFixture.SEEN.get(0);
    assertTrue(SharedEnsembleFixture.SEEN.stream().allMatch(e -> e == first));
    ItSupport.assertNothingLeft(first.getName());
  }

  @Test
  void methodScopeGivesEveryTestItsOwnEnsemble() {
    PerMethodFixture.NAMES.clear();
    TestExecutionSummary s = run(PerMethodFixture.class);
    assertEquals(0, s.getTotalFailureCount(), failures(s));
    assertEquals(2, PerMethodFixture.NAMES.size());
    String a = PerMethodFixture.NAMES.get(0).split(" ")[0];
    String b = PerMethodFixture.NAMES.get(1).split(" ")[0];
    assertNotEquals(a, b);
    ItSupport.assertNothingLeft(a);
    ItSupport.assertNothingLeft(b);
  }
}
