package io.zkorch.security;

import io.zkorch.ZkorchException;
import io.zkorch.spec.SecuritySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything secret of one secure cluster, kept by zkorch in a folder only its user reads (0700, files 0600): the
 * TLS material ({@code tls/}, {@link TlsMaterial}), the SASL users' passwords ({@code passwords.properties}: what
 * {@code ${VAR}} resolved to at the last {@code up}, and the ones zkorch generated, kept across ups), and the
 * cluster's {@code security.json} (the file's {@code zookeeper.security}, so that {@code status} knows what to
 * check without the file). From it come the files put into members ({@link #memberFiles}) and app containers
 * ({@link #clientFiles}), and zkorch's own client access ({@link #access}).
 *
 * <p>zkorch logs in as its own user, {@value #ZKORCH_USER}, with a generated password: with SASL it is the members'
 * SASL super user ({@code zookeeper.superUser}); with ACLs but no SASL, a digest super user (its digest is in a file
 * the members read as JVM arguments, never in their environment). It seeds, applies ACLs and checks them.
 */
public final class ClusterSecrets {

  /** zkorch's own login on a secure cluster. */
  public static final String ZKORCH_USER = SecuritySpec.ZKORCH_USER;
  /** Where members and app containers find these files. */
  public static final String MOUNT = "/secrets";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORDS = "passwords.properties";
  private static final String SECURITY = "security.json";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final Path dir;
  private final SecuritySpec security;
  private final Map<String, String> passwords;

  private ClusterSecrets(Path dir, SecuritySpec security, Map<String, String> passwords) {
    this.dir = dir;
    this.security = security;
    this.passwords = passwords;
  }

  /** Where zkorch keeps {@code cluster}'s secrets: {@code ~/.zkorch/secrets/CLUSTER}. */
  public static Path dirOf(String cluster) {
    return io.zkorch.ZkorchHome.path().resolve("secrets").resolve(cluster);
  }

  /**
   * The cluster's secrets for {@code security}, made where missing and kept where present (a cluster with kept
   * volumes keeps its CA and generated passwords): the TLS material for {@code members} (and {@code hosts} as extra
   * names), the passwords — {@code ${VAR}} read from {@code env} now, {@code generated} ones kept — and
   * {@code security.json}.
   */
  public static ClusterSecrets prepare(Path dir, String cluster, SecuritySpec security, List<String> members,
      List<String> hosts, Function<String, String> env) {
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      if (!Files.isDirectory(dir)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (tlsUsed(security) && !Files.isDirectory(dir.resolve("tls"))) {
        TlsMaterial.create(dir.resolve("tls"), cluster, members, hosts);
      }
      Map<String, String> kept = readPasswords(dir);
      Map<String, String> passwords = new TreeMap<>();
      if (loginUsed(security)) {
        passwords.put(ZKORCH_USER, kept.getOrDefault(ZKORCH_USER, generate()));
      }
      for (Map.Entry<String, String> u : security.sasl().users().entrySet()) {
        String value = u.getValue();
        java.util.regex.Matcher ref = io.zkorch.spec.SpecValidator.ENV_REF.matcher(value);
        if (value.equals(io.zkorch.spec.SpecValidator.GENERATED)) {
          passwords.put(u.getKey(), kept.getOrDefault(u.getKey(), generate()));
        } else if (ref.matches()) {
          String v = env.apply(ref.group(1));
          if (v == null || v.isEmpty()) {
            throw ZkorchException.usage("zookeeper.security.sasl.users." + u.getKey() + " names ${" + ref.group(1)
                + "}, which is not set in the environment; set it, or write `generated`.");
          }
          passwords.put(u.getKey(), v);
        } else {
          passwords.put(u.getKey(), value);
        }
      }
      Properties p = new Properties();
      p.putAll(passwords);
      writePrivate(dir.resolve(PASSWORDS), store(p, "SASL passwords of " + cluster + "; made and read by zkorch"));
      writePrivate(dir.resolve(SECURITY), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(security));
      return new ClusterSecrets(dir, security, Map.copyOf(passwords));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secrets an earlier {@code up} made in {@code dir}, if any. */
  public static Optional<ClusterSecrets> load(Path dir) {
    if (!Files.isRegularFile(dir.resolve(SECURITY))) {
      return Optional.empty();
    }
    try {
      SecuritySpec security = JSON.readValue(dir.resolve(SECURITY).toFile(), SecuritySpec.class);
      return Optional.of(new ClusterSecrets(dir, security, Map.copyOf(readPasswords(dir))));
    } catch (IOException e) {
      throw ZkorchException.environment("The secrets in " + dir + " cannot be read (" + e.getMessage() + "); remove"
          + " the folder and the cluster, and bring it up again.", e);
    }
  }

  /** The secrets of {@code cluster} on this machine, if it has any. */
  public static Optional<ClusterSecrets> of(String cluster) {
    return load(dirOf(cluster));
  }

  /** zkorch's own access to {@code cluster}: from its secrets when it has them, else plaintext. */
  public static ClientAccess accessOf(String cluster) {
    return of(cluster).map(ClusterSecrets::access).orElse(ClientAccess.PLAIN);
  }

  public Path dir() {
    return dir;
  }

  public SecuritySpec security() {
    return security;
  }

  /** The TLS material, when the cluster uses TLS. */
  public Optional<TlsMaterial> tls() {
    return tlsUsed(security) ? Optional.of(TlsMaterial.at(dir.resolve("tls"))) : Optional.empty();
  }

  /** A user's password ({@value #ZKORCH_USER} included). */
  public Optional<String> password(String user) {
    return Optional.ofNullable(passwords.get(user));
  }

  /** zkorch's own access: TLS with the client certificate when clients use TLS, logged in as zkorch. */
  public ClientAccess access() {
    return accessAs(loginUsed(security) ? ZKORCH_USER : null);
  }

  /**
   * The access of {@code user} (null: no login): TLS with the client certificate when clients use TLS; a SASL login
   * when clients use SASL; a digest login for zkorch's own user when only ACLs are on.
   */
  public ClientAccess accessAs(String user) {
    ClientAccess access = ClientAccess.PLAIN;
    if (security.tls().client()) {
      TlsMaterial tls = tls().orElseThrow();
      access = ClientAccess.tls(tls.clientKeystore(), tls.truststore(), tls.passwordFile());
    }
    if (user == null) {
      return access;
    }
    String password = password(user).orElseThrow(() -> new IllegalArgumentException("no user " + user));
    if (security.sasl().client() != null) {
      return access.withLogin(user, password);
    }
    return access.withDigest(user, password);
  }

  /**
   * Files for member {@code member} under {@link #MOUNT}: its key store, the trust store and their password (TLS);
   * {@code jaas.conf} (SASL: the clients' users and zkorch for {@code Server}, the first user for the quorum
   * sections); {@code jvm.args} (the digest super user, when ACLs are on without SASL).
   */
  public Map<String, byte[]> memberFiles(String member) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    tls().ifPresent(t -> {
      files.put("keystore.p12", read(t.memberKeystore(member)));
      files.put("truststore.p12", read(t.truststore()));
      files.put("store.pass", read(t.passwordFile()));
    });
    if (security.sasl().enabled()) {
      StringBuilder jaas = new StringBuilder();
      if (security.sasl().client() != null) {
        jaas.append("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required");
        passwords.forEach((u, p) -> jaas.append("\n  user_").append(u).append("=").append(quote(p)));
        jaas.append(";\n};\n");
      }
      if (security.sasl().quorum()) {
        String first = quorumUser(security);
        String p = quote(passwords.get(first));
        jaas.append("QuorumServer {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_")
            .append(first).append("=").append(p).append(";\n};\n");
        jaas.append("QuorumLearner {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username=")
            .append(quote(first)).append("\n  password=").append(p).append(";\n};\n");
      }
      files.put("jaas.conf", jaas.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (digestSuperUser(security)) {
      String digest;
      try {
        digest = org.apache.zookeeper.server.auth.DigestAuthenticationProvider.generateDigest(
            ZKORCH_USER + ":" + passwords.get(ZKORCH_USER));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      files.put("jvm.args", ("-Dzookeeper.DigestAuthenticationProvider.superDigest=" + digest + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  /**
   * Files for an app container under {@link #MOUNT}, logging in as {@code user} (null: none): the client key store,
   * trust store and password (TLS); {@code jaas.conf} with a {@code Client} section (SASL); and
   * {@code client.properties}, ZooKeeper client settings naming them (what {@code ZK_CLIENT_CONFIG} points to; a
   * Java client loads it with {@code new ZKClientConfig(path)}).
   */
  public Map<String, byte[]> clientFiles(String user) {
    return clientFiles(user, MOUNT);
  }

  /** {@link #clientFiles(String)} for a folder other than {@link #MOUNT} ({@code client.properties} names it). */
  public Map<String, byte[]> clientFiles(String user, String folder) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Properties props = new Properties();
    tls().filter(t -> security.tls().client()).ifPresent(t -> {
      files.put("client.p12", read(t.clientKeystore()));
      files.put("truststore.p12", read(t.truststore()));
      files.put("store.pass", read(t.passwordFile()));
      props.putAll(clientTlsProperties(folder));
    });
    if (security.sasl().client() != null && user != null) {
      String jaas = "Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="
          + quote(user) + "\n  password=" + quote(password(user).orElseThrow()) + ";\n};\n";
      files.put("jaas.conf", jaas.getBytes(StandardCharsets.UTF_8));
      props.put("zookeeper.sasl.client", "true");
      props.put("zookeeper.sasl.clientconfig", "Client");
      props.put(ClientAccess.FIPS_MODE, "false");
    } else {
      props.put("zookeeper.sasl.client", "false");
    }
    files.put("client.properties", store(props, "ZooKeeper client settings (ZK_CLIENT_CONFIG); made by zkorch"));
    return files;
  }

  /**
   * Client files for a program on this host logging in as {@code user} (null: the first of {@code sasl.users}):
   * {@code clients/USER/client.properties} (absolute paths to this folder's TLS files) and {@code jaas.conf}, written
   * now (0600); returns ZK_CLIENT_CONFIG and ZK_JAAS_CONFIG naming them.
   */
  public Map<String, String> hostClientFiles(String user) {
    boolean login = security.sasl().client() != null;
    String who = user != null ? user : login ? quorumUser(security) : "client";
    if (login && !security.sasl().users().containsKey(who)) {
      throw ZkorchException.usage("--user: " + who + " is not one of the cluster's users "
          + new java.util.TreeSet<>(security.sasl().users().keySet()) + ".");
    }
    Map<String, byte[]> files = clientFiles(login ? who : null);
    Path folder = dir.resolve("clients").resolve(who);
    Map<String, String> env = new LinkedHashMap<>();
    try {
      Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Properties props = new Properties();
      try (var in = new java.io.ByteArrayInputStream(files.get("client.properties"))) {
        props.load(in);
      }
      tls().filter(t -> security.tls().client()).ifPresent(t -> {
        props.put("zookeeper.ssl.keyStore.location", t.clientKeystore().toString());
        props.put("zookeeper.ssl.keyStore.passwordPath", t.passwordFile().toString());
        props.put("zookeeper.ssl.trustStore.location", t.truststore().toString());
        props.put("zookeeper.ssl.trustStore.passwordPath", t.passwordFile().toString());
      });
      writePrivate(folder.resolve("client.properties"), store(props, "ZooKeeper client settings of " + who
          + " on this host; made by zkorch env"));
      env.put("ZK_CLIENT_CONFIG", folder.resolve("client.properties").toString());
      if (files.containsKey("jaas.conf")) {
        writePrivate(folder.resolve("jaas.conf"), files.get("jaas.conf"));
        env.put("ZK_JAAS_CONFIG", folder.resolve("jaas.conf").toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  /** ZooKeeper client properties for TLS with the client files in {@code folder}. */
  public static Map<String, String> clientTlsProperties(String folder) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("zookeeper.client.secure", "true");
    p.put("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
    p.put("zookeeper.ssl.keyStore.location", folder + "/client.p12");
    p.put("zookeeper.ssl.keyStore.passwordPath", folder + "/store.pass");
    p.put("zookeeper.ssl.keyStore.type", TlsMaterial.STORE_TYPE);
    p.put("zookeeper.ssl.trustStore.location", folder + "/truststore.p12");
    p.put("zookeeper.ssl.trustStore.passwordPath", folder + "/store.pass");
    p.put("zookeeper.ssl.trustStore.type", TlsMaterial.STORE_TYPE);
    return p;
  }

  /** The user members log in to each other as (quorum SASL): the first of {@code sasl.users}, by name. */
  public static String quorumUser(SecuritySpec security) {
    return new TreeMap<>(security.sasl().users()).firstKey();
  }

  /** Whether the cluster needs TLS material (clients or members). */
  public static boolean tlsUsed(SecuritySpec security) {
    return security.tls().client() || security.tls().quorum();
  }

  /** Whether zkorch logs in as its own user: clients use SASL, or ACLs are set. */
  public static boolean loginUsed(SecuritySpec security) {
    return security.sasl().client() != null || !security.acl().isEmpty();
  }

  /** Whether zkorch's super user is a digest one (ACLs without SASL clients). */
  public static boolean digestSuperUser(SecuritySpec security) {
    return !security.acl().isEmpty() && security.sasl().client() == null;
  }

  /** Removes a cluster's secrets (idempotent). */
  public static void remove(Path dir) {
    TlsMaterial.remove(dir);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String generate() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static Map<String, String> readPasswords(Path dir) {
    Path file = dir.resolve(PASSWORDS);
    Map<String, String> m = new TreeMap<>();
    if (Files.isRegularFile(file)) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      p.forEach((k, v) -> m.put((String) k, (String) v));
    }
    return m;
  }

  private static byte[] store(Properties p, String comment) {
    // sorted, and without the date line Properties.store writes, so the same settings make the same bytes
    StringBuilder out = new StringBuilder("# ").append(comment).append('\n');
    new TreeMap<>(p).forEach((k, v) -> {
      java.io.StringWriter w = new java.io.StringWriter();
      Properties one = new Properties();
      one.put(k, v);
      try {
        one.store(w, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> out.append(l).append('\n'));
    });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePrivate(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, content);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
