/** The Docker implementation of {@link io.zkorch.runtime.Provider}: the only place besides image/ using docker-java. */
package io.zkorch.runtime.docker;
