package io.zkorch.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * JAAS login sections made in memory, one per client login, so that a client's SASL user is its own: ZooKeeper's
 * client looks its section up by the name in its {@code ZKClientConfig} ({@code zookeeper.sasl.clientconfig}) in
 * the JVM's {@link Configuration}. zkorch installs, once, a configuration that answers for its own sections and
 * hands every other name to the one that was there before (a JAAS file given with
 * {@code -Djava.security.auth.login.config} keeps working).
 */
public final class JaasSections {

  private static final String DIGEST_LOGIN = "org.apache.zookeeper.server.auth.DigestLoginModule";
  private static final Map<String, AppConfigurationEntry[]> SECTIONS = new ConcurrentHashMap<>();
  private static volatile boolean installed;

  private JaasSections() {}

  /**
   * The section logging in as {@code user} with {@code password} (DIGEST-MD5); returns its name, the same for the
   * same login (named by a digest, so the password is not in it).
   */
  public static String digestClient(String user, String password) {
    install();
    String name;
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest((user + "\0" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      name = "zkorch-" + user + "-" + java.util.HexFormat.of().formatHex(d, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    SECTIONS.putIfAbsent(name, new AppConfigurationEntry[] {new AppConfigurationEntry(DIGEST_LOGIN,
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", user, "password", password))});
    return name;
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    Configuration previous;
    try {
      previous = Configuration.getConfiguration();
    } catch (SecurityException noFile) {
      previous = null; // no JAAS file configured (or an unreadable one): zkorch's sections are the only ones
    }
    Configuration before = previous;
    Configuration.setConfiguration(new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        AppConfigurationEntry[] own = SECTIONS.get(name);
        if (own != null) {
          return own;
        }
        return before == null ? null : before.getAppConfigurationEntry(name);
      }

      @Override
      public void refresh() {
        if (before != null) {
          before.refresh();
        }
      }
    });
    installed = true;
  }
}
