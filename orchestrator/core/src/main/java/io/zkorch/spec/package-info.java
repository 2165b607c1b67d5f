/**
 * cluster.yaml → immutable records, in three steps kept apart: {@link io.zkorch.spec.SpecLoader} decodes strictly
 * (unknown keys and wrong types are problems), {@link io.zkorch.spec.Defaults} fills what the user left out, and
 * {@link io.zkorch.spec.SpecValidator} collects every remaining problem at once, each with its YAML path.
 */
package io.zkorch.spec;
