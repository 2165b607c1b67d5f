/**
 * The worker side of scenarios, run inside app containers as {@code zkorch worker KIND}: each worker exercises one
 * Curator recipe against {@code ZK_HOSTS} and prints what it saw as JSON lines on standard output.
 */
package io.zkorch.scenario.worker;
