package io.zkorch.health;

/**
 * Where to reach one member from here.
 *
 * @param id myid
 * @param service its name, such as zk1
 * @param observer whether it is an observer
 * @param host the address to connect to (127.0.0.1 for published ports)
 * @param port the client port at that address
 */
public record Endpoint(int id, String service, boolean observer, String host, int port) {}
