package io.zkorch.it;

import io.zkorch.runtime.Provider;

/** Every role contract on the Docker provider (which partitions). */
@DockerTest
class DockerProviderContractIT extends ProviderContract implements ProvisioningContract, DiagnosticsContract,
    WorkerLauncherContract, NodeControlContract, PartitioningContract {

  @Override
  Provider open() {
    return io.zkorch.cli.DockerClients.runtime();
  }

  @Override
  public String cluster() {
    return "contract-docker";
  }

  @Override
  void assertNothingLeft(String cluster) {
    ItSupport.assertNothingLeft(cluster);
  }
}
