/** The Docker implementation of {@link io.zkorch.runtime.Runtime}: the only place besides image/ using docker-java. */
package io.zkorch.runtime.docker;
