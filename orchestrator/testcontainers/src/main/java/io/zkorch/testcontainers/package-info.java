/**
 * zkorch for users' own tests: {@link io.zkorch.testcontainers.ZooKeeperEnsemble}, a Testcontainers
 * {@code Startable} ZooKeeper ensemble with faults, and {@link io.zkorch.testcontainers.ZooKeeperWait}, a
 * quorum-aware wait strategy for any ZooKeeper container. Built on the same image, topology, health and fault code
 * as the CLI.
 */
package io.zkorch.testcontainers;
