package io.zkorch.spec;

/**
 * How members' client ports are published on the host.
 *
 * @param host the first member's host port; member n gets {@code host + n - 1}; 0 lets Docker choose free ports
 * @param bind the host address the ports are bound to (127.0.0.1 unless the user asks otherwise)
 */
public record ClientPortSpec(Integer host, String bind) {

  /** The host port of member {@code id} (1-based), or 0 when Docker chooses. */
  public int hostPortOf(int id) {
    return host == 0 ? 0 : host + id - 1;
  }
}
