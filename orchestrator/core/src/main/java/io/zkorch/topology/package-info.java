/**
 * A validated spec turned into concrete things: container names, network aliases, environment, labels and ports.
 * The compose renderer and every runtime read this one model, so they cannot disagree.
 */
package io.zkorch.topology;
