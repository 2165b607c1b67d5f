/**
 * How the engine reports what it is doing without printing: steps that start and end, and streamed detail lines.
 * Only the CLI decides how they look (a spinner on a terminal, plain lines otherwise).
 */
package io.zkorch.progress;
