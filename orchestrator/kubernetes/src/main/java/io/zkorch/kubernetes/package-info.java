/** Kubernetes manifests from a cluster file, with fabric8's model, and the lint that checks them. */
package io.zkorch.kubernetes;
