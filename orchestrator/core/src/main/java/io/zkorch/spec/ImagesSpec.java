package io.zkorch.spec;

/**
 * How zkorch builds its images.
 *
 * @param base the image the member and app images start FROM; it must provide {@code java} 17 on the PATH and bash
 */
public record ImagesSpec(String base) {}
