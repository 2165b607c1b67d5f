package io.zkorch.it;

import io.zkorch.testcontainers.ZooKeeperEnsemble;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A separate JVM that uses ZooKeeperEnsemble the way a user's test JVM does, for what cannot happen inside the test
 * JVM: being killed, exiting without stop(), having no Docker engine.
 *
 * <ul>
 *   <li>{@code hang NAME BASE}: starts a 1-member ensemble, prints READY, sleeps (the test kills it)
 *   <li>{@code exit NAME BASE}: starts one, prints READY, exits without stop()
 *   <li>{@code start NAME BASE}: starts one; prints FAILED and the message if that fails
 *   <li>{@code junit CLASS…}: runs test classes with the JUnit launcher and prints the summary's counts
 * </ul>
 */
public final class EnsembleProcess {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("junit")) {
      junit(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    ZooKeeperEnsemble zk = new ZooKeeperEnsemble(1).withName(args[1]).withBaseImage(args[2]);
    try {
      zk.start();
    } catch (RuntimeException e) {
      System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
    System.out.println("READY " + zk.getConnectString());
    System.out.flush();
    switch (args[0]) {
      case "hang" -> Thread.sleep(600_000);
      case "exit" -> System.exit(0);
      default -> zk.stop();
    }
  }

  private static void junit(String[] classes) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String c : classes) {
      request.selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(c));
    }
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request.build(), listener);
    TestExecutionSummary s = listener.getSummary();
    System.out.println("SUMMARY started=" + s.getTestsStartedCount() + " succeeded=" + s.getTestsSucceededCount()
        + " failed=" + s.getTotalFailureCount() + " skipped=" + s.getContainersSkippedCount());
    s.getFailures().forEach(f -> System.out.println("FAILURE " + f.getException().getMessage()));
  }

  private EnsembleProcess() {}

}
