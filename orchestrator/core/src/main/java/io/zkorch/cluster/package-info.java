/**
 * The engine: bring-up as an ordered list of small steps (images → network → volumes → members → quorum → apps),
 * teardown on failure unless asked to retain, status and removal. Nothing here prints; it reports through
 * {@link io.zkorch.progress.Progress}.
 */
package io.zkorch.cluster;
