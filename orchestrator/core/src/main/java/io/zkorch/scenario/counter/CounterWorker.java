package io.zkorch.scenario.counter;

import io.zkorch.scenario.WorkerContext;

import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.retry.RetryNTimes;

/** Increments a {@link DistributedAtomicLong} until the run ends, recording each increment that succeeded. */
public final class CounterWorker {

  private CounterWorker() {}

  public static void run(WorkerContext ctx) throws Exception {
    DistributedAtomicLong counter =
        new DistributedAtomicLong(ctx.client(), ctx.base() + "/counter", new RetryNTimes(50, 5));
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    long failed = 0;
    while (System.nanoTime() < deadline) {
      AtomicValue<Long> value = counter.increment();
      if (value.succeeded()) {
        ctx.record("inc").put("pre", value.preValue()).put("post", value.postValue()).put("at", WorkerContext.nowMicros()).emit(ctx.out());
      } else {
        failed++; // contention beyond the retries: not an increment, and not counted
      }
    }
    ctx.record("done").put("failed", failed).emit(ctx.out());
  }
}
