package io.zkorch.fault;

import java.util.Optional;

/**
 * Who holds a lock now, for holder faults: provided by the lock scenario kind, the only code that knows its znode
 * layout.
 */
public interface HolderLookup extends AutoCloseable {

  /** A worker holding the lock and its fencing token. */
  record Holder(String worker, long token) {}

  /** The holder now, if anyone holds it. */
  Optional<Holder> current();

  /** The lock, for messages: /zkorch/runs/…/lock. */
  String describe();

  @Override
  void close();
}
