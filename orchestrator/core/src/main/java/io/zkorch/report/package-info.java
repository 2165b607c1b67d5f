/** Scenario results as a terminal table, JSON (every figure and verdict), JUnit XML and an HTML page with pictures. */
package io.zkorch.report;
