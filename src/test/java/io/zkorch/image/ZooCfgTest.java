package io.zkorch.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZooCfgTest {

  private final Topology full = Topology.of(SpecLoader.load(TestFiles.path("specs/valid/full.yaml")));

  @Test
  void observerConfigMatchesTheGoldenFile() {
    String actual = ZooCfg.render(full.members().get(6).env());
    assertEquals(TestFiles.golden(TestFiles.path("zoocfg/full-zk7.cfg"), actual), actual);
  }

  @Test
  void emptyEnvironmentGivesTheOfficialImageDefaults() {
    String cfg = ZooCfg.render(Map.of());
    assertTrue(cfg.contains("tickTime=2000\n"));
    assertTrue(cfg.contains("server.1=localhost:2888:3888;2181\n"));
    assertTrue(cfg.contains("admin.enableServer=false\n"));
    assertTrue(cfg.contains("4lw.commands.whitelist=srvr,mntr,ruok\n"), cfg);
  }

  /** The member image's entrypoint (bash) and the Java renderer give byte-identical zoo.cfg files. */
  @Test
  void entrypointRendersTheSameBytes() throws Exception {
    for (Topology.Member m : full.members()) {
      assertEquals(ZooCfg.render(m.env()), entrypoint(m.env()), m.service());
    }
    Map<String, String> odd = Map.of("ZOO_CFG_EXTRA", "  a=b   c=d ", "ZOO_SERVERS", "server.1=x:1:2;2181");
    assertEquals(ZooCfg.render(odd), entrypoint(odd));
  }

  private static String entrypoint(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "images/member/docker-entrypoint.sh", "print-zoo-cfg");
    pb.environment().keySet().removeIf(k -> k.startsWith("ZOO_") || k.equals("JVMFLAGS"));
    pb.environment().putAll(env);
    pb.environment().put("ZKORCH_TEMPLATE", Path.of("templates/zoo.cfg").toString());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
