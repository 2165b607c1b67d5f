package io.zkorch.runtime;

import io.zkorch.ZkorchException;

/** A host port a member or app was to publish is taken: an environment error a caller may retry on other ports. */
public final class PortTakenException extends ZkorchException {

  private final int port;

  public PortTakenException(int port, String container, Throwable cause) {
    super(EXIT_ENVIRONMENT, "Host port " + port + " (for " + container + ") is already in use; stop what holds it or"
        + " change the port in the cluster file (zookeeper.clientPort.host: 0 lets Docker choose free ports).", cause);
    this.port = port;
  }

  /** The port that was taken. */
  public int port() {
    return port;
  }
}
