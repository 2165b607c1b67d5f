package io.zkorch.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Exception;

/**
 * How one client reaches one cluster: plaintext, or TLS with a key and trust store, and/or a SASL (DIGEST-MD5) login.
 * Everything is per client — a {@link ZKClientConfig} made for each connection and a JAAS section of its own
 * ({@link JaasSections}) — never JVM-wide system properties, so a secure and a plain ensemble (or two secure ones)
 * are used side by side in one JVM.
 */
public final class ClientAccess {

  /** A plaintext client without a login. */
  public static final ClientAccess PLAIN = new ClientAccess(null, null, null, null, null, null, null);

  /** ZooKeeper's FIPS switch (3.9: on by default, and then DIGEST-MD5 is refused). */
  public static final String FIPS_MODE = "zookeeper.fips-mode";

  private final Path keyStore;
  private final Path keyStorePasswordFile;
  private final Path trustStore;
  private final Path passwordFile;
  private final String user;
  private final String loginSection;
  private final String digest;

  private ClientAccess(Path keyStore, Path keyStorePasswordFile, Path trustStore, Path passwordFile, String user,
      String loginSection, String digest) {
    this.keyStore = keyStore;
    this.keyStorePasswordFile = keyStorePasswordFile;
    this.trustStore = trustStore;
    this.passwordFile = passwordFile;
    this.user = user;
    this.loginSection = loginSection;
    this.digest = digest;
  }

  /**
   * A TLS client: it trusts {@code trustStore}, presents {@code keyStore} (null: no certificate), both PKCS#12 under
   * the password in {@code passwordFile}.
   */
  public static ClientAccess tls(Path keyStore, Path trustStore, Path passwordFile) {
    return new ClientAccess(keyStore, passwordFile, Objects.requireNonNull(trustStore, "trustStore"),
        Objects.requireNonNull(passwordFile, "passwordFile"), null, null, null);
  }

  /** This access logging in (SASL DIGEST-MD5) as {@code user} with {@code password}. */
  public ClientAccess withLogin(String user, String password) {
    return new ClientAccess(keyStore, keyStorePasswordFile, trustStore, passwordFile,
        Objects.requireNonNull(user, "user"), JaasSections.digestClient(user, password), null);
  }

  /** This access adding {@code digest} credentials ({@code addauth digest user:password}) instead of a SASL login. */
  public ClientAccess withDigest(String user, String password) {
    return new ClientAccess(keyStore, keyStorePasswordFile, trustStore, passwordFile,
        Objects.requireNonNull(user, "user"), null, user + ":" + password);
  }

  /** This access without its login (TLS stays as it is). */
  public ClientAccess withoutLogin() {
    return new ClientAccess(keyStore, keyStorePasswordFile, trustStore, passwordFile, null, null, null);
  }

  /** This access presenting another key store under the password in {@code passwordFile} (null: no certificate). */
  public ClientAccess withKeyStore(Path keyStore, Path passwordFile) {
    return new ClientAccess(keyStore, passwordFile, trustStore, this.passwordFile, user, loginSection, digest);
  }

  /** The {@code digest} credentials to add to a session ({@code user:password}), when it logs in that way. */
  public Optional<byte[]> digestAuth() {
    return Optional.ofNullable(digest).map(d -> d.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public boolean tls() {
    return trustStore != null;
  }

  /** The SASL user it logs in as, if any. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** Whether it is anything other than a plaintext client without a login. */
  public boolean secure() {
    return tls() || user != null;
  }

  /**
   * A new client configuration (each ZooKeeper handle gets its own): the Netty socket and the stores for TLS, the
   * JAAS section for a login, and SASL off when there is none (so a JVM-wide JAAS file is not used by accident).
   */
  public ZKClientConfig clientConfig() {
    ZKClientConfig config = new ZKClientConfig();
    ClientX509Util x509 = new ClientX509Util();
    // set even when unused: ZKClientConfig copies ZooKeeper's SSL system properties into every new configuration
    config.setProperty(x509.getSslKeystoreLocationProperty(), keyStore == null ? "" : keyStore.toString());
    config.setProperty(x509.getSslTruststoreLocationProperty(), trustStore == null ? "" : trustStore.toString());
    if (tls()) {
      config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
      config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET,
          org.apache.zookeeper.ClientCnxnSocketNetty.class.getName());
      if (keyStore != null) {
        config.setProperty(x509.getSslKeystorePasswdPathProperty(), keyStorePasswordFile.toString());
      }
      config.setProperty(x509.getSslKeystoreTypeProperty(), TlsMaterial.STORE_TYPE);
      config.setProperty(x509.getSslTruststorePasswdPathProperty(), passwordFile.toString());
      config.setProperty(x509.getSslTruststoreTypeProperty(), TlsMaterial.STORE_TYPE);
      config.setProperty(x509.getSslHostnameVerificationEnabledProperty(), "true");
    } else {
      config.setProperty(ZKClientConfig.SECURE_CLIENT, "false");
    }
    if (loginSection != null) {
      config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
      config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, loginSection);
      // ZooKeeper 3.9's FIPS mode (on by default) refuses DIGEST-MD5 logins
      config.setProperty(FIPS_MODE, "false");
    } else {
      config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
    }
    return config;
  }

  /** A Curator builder on {@code connect} with this access's configuration and credentials (and nothing else set). */
  public CuratorFrameworkFactory.Builder curator(String connect) {
    CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(connect)
        .zkClientConfig(clientConfig());
    digestAuth().ifPresent(d -> b.authorization("digest", d));
    return b;
  }

  /**
   * The answer of {@code host:port} to a four-letter word over TLS (ZooKeeper's own {@link FourLetterWordMain}, with
   * this configuration's stores); IOException when it does not answer or the handshake fails.
   */
  public String fourLetterWordOverTls(String host, int port, String word, int timeoutMillis) throws IOException {
    if (!tls()) {
      throw new IllegalStateException("a plaintext access");
    }
    try {
      return FourLetterWordMain.send4LetterWord(host, port, word, clientConfig(), timeoutMillis);
    } catch (X509Exception.SSLContextException e) {
      throw new IOException("TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    if (!secure()) {
      return "plaintext";
    }
    return (tls() ? "TLS" + (keyStore == null ? " without a certificate" : "") : "plaintext")
        + (user == null ? "" : (digest != null ? ", digest as " : ", SASL as ") + user);
  }
}
