package io.zkorch.runtime.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.zkorch.runtime.Parallel;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.runtime.docker.DockerOutput;
import io.zkorch.topology.Labels;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The swarm provider's worker launching: each scenario worker a one-replica service that never restarts, placed
 * round robin over the nodes, on the cluster's overlay with the app-side environment; zkorch waits for every task to
 * end (killing it at the timeout), reads its standard output from its container on its node, and removes the
 * services.
 */
final class SwarmWorkers {

  private static final Set<TaskState> ENDED =
      EnumSet.of(TaskState.COMPLETE, TaskState.FAILED, TaskState.REJECTED, TaskState.SHUTDOWN, TaskState.ORPHANED,
          TaskState.REMOVE);

  private final DockerClient docker;
  private final SwarmNodes nodes;
  private final UnaryOperator<Map<String, String>> labels;
  private final Executor pool;

  SwarmWorkers(DockerClient docker, SwarmNodes nodes, UnaryOperator<Map<String, String>> labels, Executor pool) {
    this.docker = docker;
    this.nodes = nodes;
    this.labels = labels;
    this.pool = pool;
  }

  Map<String, WorkerResult> run(Topology topology, String image, String scenario, List<WorkerRun> workers,
      Duration timeout) {
    Map<String, String> env = Topology.appEnv(topology.internalConnectString(), topology.cluster(),
        topology.spec().zookeeper());
    List<String> ids = new CopyOnWriteArrayList<>();
    try {
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < workers.size(); i++) {
        slots.add(i);
      }
      Parallel.each(slots, i -> {
        WorkerRun w = workers.get(i);
        Map<String, String> own = new TreeMap<>();
        own.put(Labels.CLUSTER, topology.cluster());
        own.put(Labels.ROLE, Labels.ROLE_APP);
        own.put(Labels.SERVICE, scenario + "-" + w.name());
        own.put(Labels.SCENARIO, scenario);
        Map<String, String> vars = new TreeMap<>(env);
        vars.putAll(w.env());
        ids.add(docker.createServiceCmd(SwarmSpecs.worker(topology, name(topology, scenario, w), image, w.command(),
            vars, nodes.slot(i).id(), labels.apply(own))).exec().getId());
      }, pool);
      long deadline = System.nanoTime() + timeout.toNanos();
      Map<String, WorkerResult> results = new ConcurrentHashMap<>();
      Parallel.each(workers, w -> results.put(w.name(), await(name(topology, scenario, w), deadline)), pool);
      return results;
    } finally {
      Parallel.each(ids, id -> {
        try {
          docker.removeServiceCmd(id).exec();
        } catch (NotFoundException gone) {
          // already removed
        }
      }, pool);
    }
  }

  /** Waits for the worker's task to end; its exit code (-1 when killed at the deadline) and standard output. */
  private WorkerResult await(String service, long deadline) {
    Task task = null;
    boolean killed = false;
    while (true) {
      task = task(service).orElse(task);
      if (task != null && ENDED.contains(task.getStatus().getState())) {
        break;
      }
      if (System.nanoTime() > deadline) {
        if (task != null && container(task) != null) {
          try {
            engine(task).killContainerCmd(container(task)).exec();
          } catch (RuntimeException alreadyGone) {
            // ended meanwhile
          }
        }
        killed = true;
        break;
      }
      SwarmProvider.sleep(100);
    }
    if (task == null || container(task) == null) {
      return new WorkerResult(-1, "");
    }
    var cs = task.getStatus().getContainerStatus();
    int code = killed ? -1 : cs.getExitCode() == null ? -1 : cs.getExitCode();
    return new WorkerResult(code, DockerOutput.of(engine(task), container(task), true, false, 0));
  }

  private Optional<Task> task(String service) {
    List<Task> tasks = docker.listTasksCmd().withServiceFilter(service).exec();
    return tasks.stream().max(java.util.Comparator.comparing((Task t) -> String.valueOf(t.getCreatedAt())));
  }

  private static String container(Task t) {
    return t.getStatus().getContainerStatus() == null ? null : t.getStatus().getContainerStatus().getContainerID();
  }

  private DockerClient engine(Task t) {
    return nodes.get(t.getNodeId()).filter(SwarmNodes.Host::reachable).orElseThrow().engine().client();
  }

  private static String name(Topology topology, String scenario, WorkerRun w) {
    return topology.cluster() + "-" + scenario + "-" + w.name();
  }
}
