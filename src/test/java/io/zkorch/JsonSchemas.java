package io.zkorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** JSON Schema checks for tests (networknt's validator, draft-07): a schema file, and YAML or JSON text against it. */
public final class JsonSchemas {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonSchema schema;

  private JsonSchemas(JsonSchema schema) {
    this.schema = schema;
  }

  /** The schema in {@code file} (its own $id, relative or not, resolved against the file). */
  public static JsonSchemas of(Path file) {
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      return new JsonSchemas(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
          .getSchema(file.toAbsolutePath().toUri(), node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problems of a YAML (or JSON) document, as sorted messages; empty when it is valid. */
  public Set<String> problems(String yamlOrJson) {
    try {
      Set<String> out = new TreeSet<>();
      for (ValidationMessage m : schema.validate(YAML.readTree(yamlOrJson))) {
        out.add(m.getMessage());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
