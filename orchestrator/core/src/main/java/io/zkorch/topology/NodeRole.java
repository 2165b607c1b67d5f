package io.zkorch.topology;

import java.util.Locale;

/** What a node of a cluster is: an ensemble member or an app (an app container, a scenario worker). */
public enum NodeRole {
  MEMBER,
  APP;

  /** The value of the {@code io.zkorch.role} label: member, app. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a label value names; null for none or another value. */
  public static NodeRole ofLabel(String label) {
    for (NodeRole r : values()) {
      if (r.label().equals(label)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return label();
  }
}
