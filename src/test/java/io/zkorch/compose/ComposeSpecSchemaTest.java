package io.zkorch.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zkorch.JsonSchemas;
import io.zkorch.TestFiles;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every compose file zkorch renders is a valid Compose Specification document (the specification's own JSON Schema,
 * src/test/resources/compose-spec), and has what a compose user expects: a project name, no fixed container names,
 * apps behind a profile, zkorch's images never pulled, x-zkorch metadata.
 */
class ComposeSpecSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchemas COMPOSE_SPEC = JsonSchemas.of(TestFiles.path("compose-spec/compose-spec.json"));

  static Set<String> validate(String yaml) {
    return COMPOSE_SPEC.problems(yaml);
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal", "full"})
  void renderedFilesAreValidComposeSpecificationDocuments(String name) throws Exception {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/" + name + ".yaml"));
    for (String yaml : new String[] {ComposeRenderer.render(Topology.of(spec), name + ".yaml"),
        ComposeRenderer.render(Topology.of(spec), name + ".yaml", true),
        ComposeRenderer.renderStack(Topology.of(spec), name + ".yaml")}) {
      assertEquals(Set.of(), validate(yaml), yaml);
    }
  }

  /** The schema check can fail: a field the specification does not have, and a wrong type, are caught. */
  @Test
  void theSchemaCheckCatchesWhatComposeWouldRefuse() throws Exception {
    assertFalse(validate("services:\n  zk1:\n    image: x\n    restart_policy: always\n").isEmpty());
    assertFalse(validate("services:\n  zk1:\n    image: x\n    pull_policy: sometimes\n").isEmpty());
    assertFalse(validate("nmae: dev\nservices: {}\n").isEmpty());
    assertTrue(validate("name: dev\nservices: {}\nx-zkorch: {a: 1}\n").isEmpty());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFileNamesItsProjectUsesProfilesAndNeverPullsZkorchImages() throws Exception {
    ClusterSpec spec = SpecLoader.load(TestFiles.path("specs/valid/full.yaml"));
    String yaml = ComposeRenderer.render(Topology.of(spec), "full.yaml");
    Map<String, Object> doc = YAML.readValue(yaml, Map.class);
    assertEquals("full", doc.get("name"));
    assertFalse(yaml.contains("container_name"), "a fixed container name blocks a second project:\n" + yaml);
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) doc.get("services");
    services.forEach((service, s) -> {
      boolean app = !service.startsWith("zk");
      assertEquals(app ? java.util.List.of("apps") : null, s.get("profiles"), service);
      if (String.valueOf(s.get("image")).startsWith("zkorch/")) {
        assertEquals("never", s.get("pull_policy"), service);
      }
    });
    Map<String, Object> meta = (Map<String, Object>) doc.get("x-zkorch");
    assertEquals("full", meta.get("cluster"));
    assertEquals("full.yaml", meta.get("source"));
    assertEquals("zkorch build -f full.yaml", ((Map<String, Object>) meta.get("images")).get("build"));
    // the 1.29 form leaves the name out, and is otherwise the same file
    String legacy = ComposeRenderer.render(Topology.of(spec), "full.yaml", true);
    assertFalse(YAML.readValue(legacy, Map.class).containsKey("name"));
  }

}
