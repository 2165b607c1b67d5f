/**
 * Small composable checks of an ensemble's health: healthy means a quorum (srvr modes, one leader, synced followers,
 * one epoch, a client round trip), never just a process that answers ruok. {@link io.zkorch.health.Verdict} is pure
 * logic over recorded srvr/mntr outputs; {@link io.zkorch.health.QuorumProbe} gathers them live.
 */
package io.zkorch.health;
