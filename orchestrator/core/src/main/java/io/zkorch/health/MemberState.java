package io.zkorch.health;

/**
 * What one member said when asked.
 *
 * @param id myid
 * @param service its name, such as zk1
 * @param observer whether the cluster file declares it an observer
 * @param hostPort the host port its client port is published on
 * @param srvr its srvr answer, or null when it did not answer
 * @param error why it did not answer, or null
 * @param mntr its mntr answer (asked of the leader only), or null
 */
public record MemberState(
    int id, String service, boolean observer, int hostPort, Srvr srvr, String error, Mntr mntr) {

  /** The mode for tables: the srvr mode, "not serving", or "down". */
  public String modeLabel() {
    if (srvr == null) {
      return "down";
    }
    return srvr.serving() ? srvr.mode().id() : "not serving";
  }
}
