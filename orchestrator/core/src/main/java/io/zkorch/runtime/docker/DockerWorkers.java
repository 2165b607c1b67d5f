package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.zkorch.runtime.Parallel;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.topology.Labels;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Docker provider's worker launching: scenario workers as containers on the cluster's network with the app-side
 * environment, started together, waited for (killed at the timeout), their standard output collected, then removed.
 */
final class DockerWorkers {

  private final DockerClient docker;
  private final UnaryOperator<Map<String, String>> labels;
  private final Executor pool;

  /**
   * @param labels adds the provider's extra labels (Testcontainers' session, the owner) to a container's own
   */
  DockerWorkers(DockerClient docker, UnaryOperator<Map<String, String>> labels, Executor pool) {
    this.docker = docker;
    this.labels = labels;
    this.pool = pool;
  }

  Map<String, WorkerResult> run(Topology topology, String image, String scenario, List<WorkerRun> workers,
      Duration timeout) {
    List<String> env = new ArrayList<>();
    Topology.appEnv(topology.internalConnectString(), topology.cluster(), topology.spec().zookeeper())
        .forEach((k, v) -> env.add(k + "=" + v));
    List<String> ids = new CopyOnWriteArrayList<>();
    // zkorch's workers log in as zkorch (they write under /zkorch, whatever the ACLs): the same files for all
    Map<String, byte[]> secrets = topology.clientsNeedSecrets()
        ? SecretFiles.clientFiles(topology, io.zkorch.security.ClusterSecrets.ZKORCH_USER) : null;
    SecretFiles.Owner owner = secrets == null ? null : SecretFiles.ownerOf(docker, image);
    try {
      Parallel.each(workers, w -> {
        Map<String, String> own = new TreeMap<>();
        own.put(Labels.CLUSTER, topology.cluster());
        own.put(Labels.ROLE, Labels.ROLE_APP);
        own.put(Labels.SERVICE, scenario + "-" + w.name());
        own.put(Labels.SCENARIO, scenario);
        List<String> vars = new ArrayList<>(env);
        w.env().forEach((k, v) -> vars.add(k + "=" + v));
        var create = docker.createContainerCmd(image)
            .withName(name(topology, scenario, w))
            .withEnv(vars)
            .withLabels(labels.apply(own))
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode(topology.network()));
        if (!w.command().isEmpty()) {
          create.withCmd(w.command()); // else the image's own command: a user's worker
        }
        String id;
        try {
          id = create.exec().getId();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
          throw io.zkorch.ZkorchException.usage("Scenario " + scenario + "'s worker image " + image + " is not on"
              + " this engine; build or load it first (docker build -t " + image + " …).");
        }
        ids.add(id);
        if (secrets != null) {
          SecretFiles.copy(docker, id, secrets, owner);
        }
      }, pool);
      Parallel.each(ids, id -> docker.startContainerCmd(id).exec(), pool);
      long deadline = System.nanoTime() + timeout.toNanos();
      Map<String, WorkerResult> results = new ConcurrentHashMap<>();
      Parallel.each(workers, w -> {
        String name = name(topology, scenario, w);
        int code;
        try {
          long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
          code = docker.waitContainerCmd(name).start().awaitStatusCode(left, TimeUnit.MILLISECONDS);
        } catch (RuntimeException timedOut) {
          docker.killContainerCmd(name).exec();
          code = -1;
        }
        results.put(w.name(), new WorkerResult(code, DockerOutput.of(docker, name, true, false, 0)));
      }, pool);
      return results;
    } finally {
      Parallel.each(ids, id -> {
        try {
          docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }, pool);
    }
  }

  private static String name(Topology topology, String scenario, WorkerRun w) {
    return topology.cluster() + "-" + scenario + "-" + w.name();
  }
}
