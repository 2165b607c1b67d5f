/** A JUnit 5 extension that gives test classes a ZooKeeper ensemble: {@link io.zkorch.junit.ZooKeeperTest}. */
package io.zkorch.junit;
