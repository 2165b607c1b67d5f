package io.zkorch.spec;

/**
 * How zkorch builds its images.
 *
 * @param base the image the member and app images start FROM; it must provide {@code java} 17 on the PATH and bash.
 *     The lean member image takes only its C library and a few tools from it.
 * @param registry where zkorch pushes the images it built so that the nodes of a swarm pull them (HOST[:PORT][/PATH]);
 *     empty for none: then they are loaded onto each node zkorch reaches
 * @param lean {@code auto} (a lean member image whenever a Java runtime can be linked), {@code true} (lean or an
 *     error saying why not) or {@code false} (the member image on {@code base}, as before)
 * @param jdk the JDK image (21 or later) whose jlink a builder stage uses when this machine has no JDK 21 or later
 */
public record ImagesSpec(String base, String registry, String lean, String jdk) {

  /** The builder-stage JDK image unless the file names another. */
  public static final String DEFAULT_JDK = "eclipse-temurin:25-jdk";

  /** Images built from {@code base}, pushed nowhere. */
  public ImagesSpec(String base) {
    this(base, "");
  }

  /** Images built from {@code base}, lean when possible. */
  public ImagesSpec(String base, String registry) {
    this(base, registry, "auto", DEFAULT_JDK);
  }

  /** {@code reference} as pulled from the registry, when there is one: REGISTRY/zkorch/member:3.9.5-…. */
  public String pulledAs(String reference) {
    return registry == null || registry.isEmpty() ? reference : registry.replaceAll("/+$", "") + "/" + reference;
  }

  /** Whether the file asks for the lean member image whatever it takes ({@code lean: true}). */
  public boolean leanRequired() {
    return "true".equals(lean);
  }

  /** Whether the file turns the lean member image off ({@code lean: false}). */
  public boolean leanOff() {
    return "false".equals(lean);
  }
}
