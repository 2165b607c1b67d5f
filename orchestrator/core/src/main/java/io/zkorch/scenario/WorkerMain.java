package io.zkorch.scenario;

/** One worker role's body: what it does with a connected client until its duration is over. */
@FunctionalInterface
public interface WorkerMain {

  void run(WorkerContext ctx, WorkerArgs args) throws Exception;
}
