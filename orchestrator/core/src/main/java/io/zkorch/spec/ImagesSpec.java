package io.zkorch.spec;

/**
 * How zkorch builds its images.
 *
 * @param base the image the member and app images start FROM; it must provide {@code java} 17 on the PATH and bash
 * @param registry where zkorch pushes the images it built so that the nodes of a swarm pull them (HOST[:PORT][/PATH]);
 *     empty for none: then they are loaded onto each node zkorch reaches
 */
public record ImagesSpec(String base, String registry) {

  /** Images built from {@code base}, pushed nowhere. */
  public ImagesSpec(String base) {
    this(base, "");
  }

  /** {@code reference} as pulled from the registry, when there is one: REGISTRY/zkorch/member:3.9.5-…. */
  public String pulledAs(String reference) {
    return registry == null || registry.isEmpty() ? reference : registry.replaceAll("/+$", "") + "/" + reference;
  }
}
