package io.zkorch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output text|json|yaml}: the human view, or one document of zkorch's versioned output schema ({@link
 * Documents}) on standard output for scripts. Progress and notes stay on standard error; exit codes do not change.
 */
final class OutputOption {

  /** The formats. */
  enum Format { text, json, yaml }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), json or yaml: one document of the schema `zkorch schema output` prints.")
  Format format = Format.text;

  // every string quoted: unquoted, a zxid such as 0x100000003 reads back as a number under YAML 1.1
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  boolean text() {
    return format == Format.text;
  }

  /** Prints the document in the chosen format (JSON ends with a newline). */
  void print(Map<String, Object> document) {
    System.out.print(render(document, format));
  }

  static String render(Map<String, Object> document, Format format) {
    try {
      return switch (format) {
        case yaml -> YAML.writeValueAsString(document);
        default -> io.zkorch.scenario.Records.json(document) + "\n"; // as report.json is written
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
