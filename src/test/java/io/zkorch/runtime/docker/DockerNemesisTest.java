package io.zkorch.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.spec.Fault;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The helper's scripts, read and parsed by sh (they run for real in FaultIT). */
class DockerNemesisTest {

  private static void parses(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-n", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), script + "\n" + out);
  }

  @Test
  void aCutRefusesTcpBothWaysAndOneWayOnlyDropsWhatComesIn() throws Exception {
    String both = DockerNemesis.cutScript(List.of("10.0.0.2", "10.0.0.3"), false);
    assertEquals(8, both.split(" && ").length);
    assertTrue(both.contains("iptables -w -A OUTPUT -d 10.0.0.3 -p tcp -m comment --comment zkorch-nemesis -j REJECT"
        + " --reject-with tcp-reset"), both);
    String oneWay = DockerNemesis.cutScript(List.of("10.0.0.2"), true);
    assertEquals("iptables -w -A INPUT -s 10.0.0.2 -m comment --comment zkorch-nemesis -j DROP", oneWay);
    assertFalse(oneWay.contains("OUTPUT"));
    parses(both);
  }

  @Test
  void chaosUsesTheDelayerIptablesAndTbf() throws Exception {
    String delay = DockerNemesis.chaosScript(Fault.parse("delay-leader:200ms~20ms").chaos(), List.of("10.0.0.2"));
    assertTrue(delay.contains("zkorch-netem 7 200.000 20.000 0.000"), delay);
    assertTrue(delay.contains("-j NFQUEUE --queue-num 7 --queue-bypass"), delay);
    String loss = DockerNemesis.chaosScript(Fault.parse("loss-leader:25%").chaos(), List.of());
    assertTrue(loss.contains("-A INPUT ! -i lo -m statistic --mode random --probability 0.2500"), loss);
    String dup = DockerNemesis.chaosScript(Fault.parse("duplicate-zk1:10%").chaos(), List.of("10.0.0.2", "10.0.0.1"));
    assertTrue(dup.contains("-t mangle -A OUTPUT -d 10.0.0.1 -m statistic --mode random --probability 0.1000"
        + " -m comment --comment zkorch-nemesis -j TEE --gateway 10.0.0.1"), dup);
    String reorder = DockerNemesis.chaosScript(Fault.parse("reorder-zk1:30%").chaos(), List.of());
    assertTrue(reorder.contains("zkorch-netem 7 10.000 0.000 30.000"), reorder);
    String rate = DockerNemesis.chaosScript(Fault.parse("rate-zk1:1mbit").chaos(), List.of());
    assertTrue(rate.contains("tbf rate 1mbit burst 16000 latency 400ms"), rate);
    assertEquals(250_000, DockerNemesis.burstBytes("100mbit"));
    // one link: what is sent to one address is delayed; what arrives from one address is lost
    String link = DockerNemesis.chaosScript(Fault.parse("delay-zk1~zk2:100ms").chaos(), List.of("10.0.0.9"),
        "10.0.0.3");
    assertTrue(link.contains("-A OUTPUT -d 10.0.0.3 -m comment --comment zkorch-nemesis -j NFQUEUE"), link);
    String linkLoss = DockerNemesis.chaosScript(Fault.parse("loss-zk1~zk2:50%").chaos(), List.of(), "10.0.0.2");
    assertTrue(linkLoss.contains("-A INPUT -s 10.0.0.2 -m statistic"), linkLoss);
    String linkDup = DockerNemesis.chaosScript(Fault.parse("duplicate-zk1~zk2").chaos(), List.of("10.0.0.9"),
        "10.0.0.3");
    assertTrue(linkDup.contains("-d 10.0.0.3") && !linkDup.contains("10.0.0.9"), linkDup);
    for (String s : List.of(delay, loss, dup, reorder, rate, link, linkLoss, DockerNemesis.HEAL_SCRIPT)) {
      parses("p=; " + s + " && echo applied");
    }
  }
}
