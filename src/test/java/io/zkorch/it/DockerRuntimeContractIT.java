package io.zkorch.it;

import io.zkorch.runtime.Runtime;
import io.zkorch.runtime.docker.DockerRuntime;

/** The runtime contract on the Docker engine. */
@DockerTest
class DockerRuntimeContractIT extends RuntimeContract {

  @Override
  Runtime open() {
    return io.zkorch.cli.DockerClients.runtime();
  }

  @Override
  String cluster() {
    return "contract-docker";
  }

  @Override
  void assertNothingLeft(String cluster) {
    ItSupport.assertNothingLeft(cluster);
  }
}
