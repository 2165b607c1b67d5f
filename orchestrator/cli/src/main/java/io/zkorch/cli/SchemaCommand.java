package io.zkorch.cli;

import io.zkorch.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Print a JSON Schema: cluster (cluster.yaml, for editors; `zkorch init` writes it beside the file)"
        + " or output (the documents -o json|yaml prints, " + Documents.API_VERSION + ")."})
final class SchemaCommand implements Callable<Integer> {

  /** The schemas. */
  enum Which { cluster, output }

  @Parameters(index = "0", paramLabel = "WHICH", description = "cluster or output.")
  Which which;

  @Override
  public Integer call() throws IOException {
    System.out.print(which == Which.cluster ? cluster() : output());
    return 0;
  }

  /** cluster.yaml's schema, generated from the decoder. */
  static String cluster() {
    return OutputOption.render(SpecLoader.jsonSchema(), OutputOption.Format.json);
  }

  /** The output documents' schema (a resource of the jar; templates/output-v1.schema.json in the repository). */
  static String output() throws IOException {
    try (InputStream in = SchemaCommand.class.getResourceAsStream("/io/zkorch/templates/output-v1.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("the output schema is missing from zkorch's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

}
