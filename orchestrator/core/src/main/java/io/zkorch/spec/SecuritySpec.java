package io.zkorch.spec;

import java.util.List;
import java.util.Map;

/**
 * {@code zookeeper.security}: TLS, SASL and ACLs of a secure ensemble. Every part may be left out; {@link #NONE} is a
 * plaintext ensemble without authentication.
 *
 * @param tls TLS for clients and between members
 * @param sasl SASL authentication for clients and between members
 * @param acl ACLs applied once the quorum is proven, before apps start
 */
public record SecuritySpec(Tls tls, Sasl sasl, List<Acl> acl) {

  /** zkorch's own login on a secure cluster (its super user); not a name users may take. */
  public static final String ZKORCH_USER = "zkorch";

  public static final SecuritySpec NONE = new SecuritySpec(Tls.OFF, Sasl.OFF, List.of());

  public SecuritySpec {
    tls = tls == null ? Tls.OFF : tls;
    sasl = sasl == null ? Sasl.OFF : sasl;
    acl = acl == null ? List.of() : List.copyOf(acl);
  }

  /** Whether clients need files to connect: a client certificate and trust store, or a login. */
  public boolean clientFilesNeeded() {
    return tls.client() || sasl.client() != null;
  }

  /** Whether anything of it is on. */
  public boolean enabled() {
    return tls.client() || tls.quorum() || sasl.enabled() || !acl.isEmpty();
  }

  /**
   * TLS.
   *
   * @param client a secure client port (the plaintext one closed unless {@code plaintext})
   * @param quorum TLS between members (sslQuorum)
   * @param clientAuth need, want or none: whether members ask clients for a certificate
   * @param plaintext keep the plaintext client port open beside the secure one
   */
  public record Tls(boolean client, boolean quorum, String clientAuth, boolean plaintext) {
    public static final Tls OFF = new Tls(false, false, "none", false);

    public Tls {
      clientAuth = clientAuth == null ? "none" : clientAuth;
    }
  }

  /**
   * SASL.
   *
   * @param client the client mechanism ({@code digest}: DIGEST-MD5 users), or null for none
   * @param quorum SASL between members (quorum.auth.*)
   * @param users user name to password: an environment reference {@code ${VAR}}, {@code generated}, or (warned
   *     about) the password itself
   */
  public record Sasl(String client, boolean quorum, Map<String, String> users) {
    public static final Sasl OFF = new Sasl(null, false, Map.of());

    public Sasl {
      users = users == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(users));
    }

    public boolean enabled() {
      return client != null || quorum;
    }
  }

  /**
   * One ACL.
   *
   * @param path the znode
   * @param grants {@code scheme:id:perms}, such as {@code sasl:app:cdrwa} or {@code world:anyone:r}
   */
  public record Acl(String path, List<String> grants) {
    public Acl {
      grants = grants == null ? List.of() : List.copyOf(grants);
    }
  }
}
