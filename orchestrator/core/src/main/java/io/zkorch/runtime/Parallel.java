package io.zkorch.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Runs one action per item at once and waits for all; the first failure is rethrown as itself. */
public final class Parallel {

  private Parallel() {}

  public static <T> void each(Collection<T> items, Consumer<T> action, Executor executor) {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(CompletableFuture.runAsync(() -> action.accept(item), executor));
    }
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
