/**
 * picocli commands only: parse arguments, call the engine, render its results, map exceptions to exit codes
 * (0 ok, 1 the cluster or a check failed, 2 bad input or usage, 3 environment problem).
 */
package io.zkorch.cli;
