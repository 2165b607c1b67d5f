/**
 * Scenarios: coordination code (Curator recipes) run from app containers, and the checkers that turn what the
 * workers recorded into verdicts that can fail. Ordering always comes from ZooKeeper (zxids, sequence numbers,
 * versions), never from clocks of different containers.
 */
package io.zkorch.scenario;
