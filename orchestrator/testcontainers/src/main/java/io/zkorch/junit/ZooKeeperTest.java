package io.zkorch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class a ZooKeeper ensemble: started before the class's first test, shared by its tests (or
 * one per test with {@code scope = METHOD}), removed afterwards. Tests receive it as a parameter — a
 * {@link io.zkorch.testcontainers.ZooKeeperEnsemble}, or its connect string as a {@code @ConnectString String}:
 *
 * <pre>{@code
 * @ZooKeeperTest(members = 3, fastFailover = true)
 * class LockTest {
 *   @Test void survivesLeaderLoss(ZooKeeperEnsemble zk) { ... zk.killLeader(); ... }
 *   @Test void plain(@ConnectString String connect) { ... }
 * }
 * }</pre>
 *
 * A shared ensemble keeps its znodes between tests: give each test its own paths.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ZooKeeperExtension.class)
public @interface ZooKeeperTest {

  /** Voting members: 1, 3, 5 or 7. */
  int members() default 3;

  /** Non-voting observers. */
  int observers() default 0;

  /** Short ticks and timeouts, so that failovers take about a second (see ZooKeeperEnsemble#withFastFailover). */
  boolean fastFailover() default false;

  /** An image following the official zookeeper image's environment contract; empty: zkorch's member image. */
  String image() default "";

  /** The ZooKeeper version of zkorch's member image; empty: the version zkorch ships. */
  String version() default "";

  /** Extra zoo.cfg entries, each {@code key=value}. */
  String[] config() default {};

  /** How long to wait for a proven quorum, in seconds. */
  int startupTimeoutSeconds() default 120;

  /** One ensemble for the whole class (default), or a fresh one for every test method. */
  Scope scope() default Scope.CLASS;

  /** Skip the class, instead of failing it, when no Docker engine answers. */
  boolean disabledWithoutDocker() default false;

  /** How long one ensemble lives. */
  enum Scope {
    /** Started before the class's first test, removed after its last. */
    CLASS,
    /** Started before each test method, removed after it. */
    METHOD
  }
}
