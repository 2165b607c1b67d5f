package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zkorch.runtime.Provider;
import io.zkorch.runtime.local.LocalProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The role contracts on local processes (no partitioning role): no Docker involved, runs without an engine too. */
class LocalProviderContractIT extends ProviderContract implements ProvisioningContract, DiagnosticsContract,
    WorkerLauncherContract, NodeControlContract, NoPartitioningContract {

  private static final Path HOME;

  static {
    try {
      HOME = Files.createTempDirectory("zkorch-contract");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  Provider open() {
    return new LocalProvider(HOME);
  }

  @Override
  public String cluster() {
    return "contract-local";
  }

  @Override
  void assertNothingLeft(String cluster) {
    assertFalse(Files.exists(HOME.resolve("clusters").resolve(cluster)), "state folder left");
    // no process of ours runs from the state folder any more
    assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(HOME
        .resolve("clusters").toString())).orElse(false)), "a member process outlived remove");
  }
}
