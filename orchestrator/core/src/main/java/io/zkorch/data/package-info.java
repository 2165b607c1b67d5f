/** Configuration as code: seeding a znode tree into an ensemble, diffing, applying and exporting one. */
package io.zkorch.data;
