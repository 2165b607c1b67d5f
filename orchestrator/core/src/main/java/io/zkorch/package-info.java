/** zkorch: ZooKeeper ensembles in Docker, from one cluster file to a proven quorum. */
package io.zkorch;
