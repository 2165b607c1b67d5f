/** Secure ensembles: the TLS material (a CA, member and client keys) zkorch makes for a cluster. */
package io.zkorch.security;
