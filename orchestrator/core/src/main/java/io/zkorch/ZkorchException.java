package io.zkorch;

/**
 * The root of zkorch's domain exceptions. Each carries the process exit code the CLI maps it to, and a message
 * written for the user: it names the field or resource at fault and the fix.
 */
public class ZkorchException extends RuntimeException {

  /** Exit code: the cluster or a check failed. */
  public static final int EXIT_FAILURE = 1;
  /** Exit code: bad input or usage. */
  public static final int EXIT_USAGE = 2;
  /** Exit code: the environment is not fit (no Docker engine, a port taken, an image missing). */
  public static final int EXIT_ENVIRONMENT = 3;

  private final int exitCode;

  public ZkorchException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public ZkorchException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Bad input: a file, a flag or a name the user gave. Exit code 2. */
  public static ZkorchException usage(String message) {
    return new ZkorchException(EXIT_USAGE, message);
  }

  /** The environment is not fit. Exit code 3. */
  public static ZkorchException environment(String message, Throwable cause) {
    return new ZkorchException(EXIT_ENVIRONMENT, message, cause);
  }

  /** The cluster or a check failed. Exit code 1. */
  public static ZkorchException failure(String message) {
    return new ZkorchException(EXIT_FAILURE, message);
  }

  public static ZkorchException failure(String message, Throwable cause) {
    return new ZkorchException(EXIT_FAILURE, message, cause);
  }
}
