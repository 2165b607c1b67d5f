/**
 * One {@link io.zkorch.runtime.Runtime} interface for where a cluster's members and apps run; everything is found by
 * labels, never by name patterns.
 */
package io.zkorch.runtime;
