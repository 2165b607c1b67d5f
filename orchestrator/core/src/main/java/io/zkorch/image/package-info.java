/**
 * What goes into the member, app and base images, and building them with docker-java. Build contexts are
 * assembled in memory with fixed timestamps and sorted entries, so their hash names the image: an unchanged context
 * is never rebuilt.
 */
package io.zkorch.image;
