package io.zkorch.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where published ports are reached, by Testcontainers' rules, without an engine. */
class DockerEngineTest {

  @Test
  void theOverrideWins() {
    assertEquals("10.0.0.7", DockerEngine.resolveHost("tcp://docker:2375",
        Map.of("TESTCONTAINERS_HOST_OVERRIDE", "10.0.0.7"), () -> "x"));
  }

  @Test
  void aTcpEngineIsReachedOnItsHost() {
    assertEquals("docker", DockerEngine.resolveHost("tcp://docker:2375", Map.of(), () -> "x"));
    assertEquals("172.18.0.2", DockerEngine.resolveHost("tcp://172.18.0.2:2375", Map.of(), () -> "x"));
    assertEquals("127.0.0.1", DockerEngine.resolveHost("tcp://127.0.0.1:2375", Map.of(), () -> "x"));
  }

  @Test
  void aLocalSocketIsLoopbackUnlessTheEngineIsAnotherMachinesFromInsideAContainer() {
    String host = DockerEngine.resolveHost("unix:///var/run/docker.sock", Map.of(), () -> hostname());
    assertEquals("127.0.0.1", host, "the engine runs right here");
  }

  @Test
  void bindsFollowWhereThePortsAreReached() {
    assertTrue(DockerEngine.isLoopback("127.0.0.1"));
    assertTrue(DockerEngine.isLoopback("localhost"));
    assertFalse(DockerEngine.isLoopback("172.18.0.2"));
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
