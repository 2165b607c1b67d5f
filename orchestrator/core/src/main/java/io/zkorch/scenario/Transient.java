package io.zkorch.scenario;

import org.apache.curator.CuratorConnectionLossException;
import org.apache.zookeeper.KeeperException;

/** Failures that mean "ZooKeeper was unreachable for a while", as faults cause: a worker records them and goes on. */
public final class Transient {

  private Transient() {}

  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KeeperException.ConnectionLossException
          || t instanceof KeeperException.SessionExpiredException
          || t instanceof KeeperException.OperationTimeoutException
          || t instanceof KeeperException.SessionMovedException
          || t instanceof CuratorConnectionLossException) {
        return true;
      }
    }
    return false;
  }

  /** Records that an operation could not reach the ensemble (not an error: availability, during faults). */
  public static void record(WorkerContext ctx, String what, Exception e) {
    ctx.record("unavailable").put("what", what).put("error", e.getClass().getSimpleName())
        .put("at", WorkerContext.nowMicros()).emit(ctx.out());
  }
}
