package io.zkorch.topology;

/** The labels every zkorch resource carries; listing and cleanup filter on them, never on names. */
public final class Labels {
  public static final String CLUSTER = "io.zkorch.cluster";
  public static final String ROLE = "io.zkorch.role";
  public static final String SERVICE = "io.zkorch.service";
  public static final String MEMBER_ID = "io.zkorch.member-id";
  public static final String MEMBER_TYPE = "io.zkorch.member-type";
  public static final String REPLICA = "io.zkorch.replica";
  public static final String CONTEXT_HASH = "io.zkorch.context-hash";
  public static final String SCENARIO = "io.zkorch.scenario";
  /** On what a swarm cluster is made of (services, their containers and volumes, the overlay): {@code swarm}. */
  public static final String RUNTIME = "io.zkorch.runtime";

  public static final String ROLE_MEMBER = NodeRole.MEMBER.label();
  public static final String ROLE_APP = NodeRole.APP.label();
  public static final String ROLE_NETWORK = "network";
  /** A network-fault helper left running as the mark of an isolation (its service label names the node). */
  public static final String ROLE_NEMESIS = "nemesis";
  public static final String ROLE_VOLUME = "volume";
  public static final String ROLE_IMAGE = "image";

  private Labels() {}
}
