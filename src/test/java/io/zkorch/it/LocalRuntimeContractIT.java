package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zkorch.runtime.Runtime;
import io.zkorch.runtime.local.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The runtime contract on local processes: no Docker involved (runs without an engine too). */
class LocalRuntimeContractIT extends RuntimeContract {

  private static final Path HOME;

  static {
    try {
      HOME = Files.createTempDirectory("zkorch-contract");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  Runtime open() {
    return new LocalRuntime(HOME);
  }

  @Override
  String cluster() {
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
