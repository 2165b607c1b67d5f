package io.zkorch.runtime;

/**
 * How a worker ended.
 *
 * @param exitCode its exit code; -1 when it had to be killed at the deadline
 * @param stdout everything it printed on standard output (its records)
 */
public record WorkerResult(int exitCode, String stdout) {}
