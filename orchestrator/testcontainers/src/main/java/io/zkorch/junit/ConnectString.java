package io.zkorch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a {@link ZooKeeperTest} class's test, lifecycle method or constructor that
 * receives the ensemble's connect string: for clients in the test JVM by default, or for containers on the
 * ensemble's network ({@code zk1:2181,…}) with {@code internal = true}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectString {

  /** The in-network connect string (what an app container's ZK_HOSTS holds) instead of the host one. */
  boolean internal() default false;
}
