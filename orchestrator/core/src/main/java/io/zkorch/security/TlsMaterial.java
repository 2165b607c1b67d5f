package io.zkorch.security;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS material of one secure cluster, made by zkorch in a folder only its user can read: a CA, a key and
 * certificate per member (its names and addresses as subject alternative names, good for serving and for the
 * quorum, where a member is client and server), and a client key and certificate. Java stores are PKCS#12 under one
 * random password kept in {@code store.pass} (ZooKeeper's {@code ssl.keyStore.passwordPath} reads it, so no password
 * is ever in a zoo.cfg, an environment variable or a label); PEM copies serve clients in other languages.
 *
 * <pre>
 * ca.crt ca.key                the cluster's CA (P-256, valid a year)
 * truststore.p12               the CA alone: what members and clients trust
 * members/zkN.p12              zkN's key and chain
 * client.p12 client.crt client.key   zkorch's (and apps') client identity, CN=zkorch-client
 * store.pass                   the stores' password
 * </pre>
 */
public final class TlsMaterial {

  /** The stores' type; ZooKeeper reads it from the file name too. */
  public static final String STORE_TYPE = "PKCS12";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALID = Duration.ofDays(365);

  private final Path dir;

  private TlsMaterial(Path dir) {
    this.dir = dir;
  }

  /** The material already in {@code dir} (made by {@link #create}). */
  public static TlsMaterial at(Path dir) {
    if (!Files.isRegularFile(dir.resolve("store.pass")) || !Files.isRegularFile(dir.resolve("truststore.p12"))) {
      throw ZkorchException.environment("The TLS material in " + dir + " is incomplete; remove the folder and run"
          + " `zkorch up` again to make it anew.", null);
    }
    return new TlsMaterial(dir);
  }

  /**
   * Makes the material for {@code members} (zk1, zk2, ...) of {@code cluster} in {@code dir} (created with mode
   * 0700; every file 0600), each member certificate naming the member, its container ({@code cluster-zkN}),
   * localhost, 127.0.0.1 and every address of {@code hosts}. Written to a temporary folder and renamed, so a failure
   * leaves nothing half-made.
   */
  public static TlsMaterial create(Path dir, String cluster, List<String> members, List<String> hosts) {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try {
        char[] password = HexFormat.of().formatHex(bytes(24)).toCharArray();
        write(tmp.resolve("store.pass"), new String(password).getBytes(StandardCharsets.UTF_8));
        KeyPair caKeys = keyPair();
        X500Name caName = new X500Name("CN=zkorch CA " + cluster + ",O=zkorch");
        X509Certificate ca = sign(caName, caKeys.getPublic(), caName, caKeys.getPrivate(), caKeys.getPublic(), true,
            List.of(), null);
        write(tmp.resolve("ca.crt"), pem(ca));
        write(tmp.resolve("ca.key"), pem(caKeys.getPrivate()));
        KeyStore trust = KeyStore.getInstance(STORE_TYPE);
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        store(trust, tmp.resolve("truststore.p12"), password);
        Files.createDirectories(tmp.resolve("members"));
        for (String m : members) {
          List<GeneralName> names = new ArrayList<>();
          names.add(new GeneralName(GeneralName.dNSName, m));
          names.add(new GeneralName(GeneralName.dNSName, cluster + "-" + m));
          names.add(new GeneralName(GeneralName.dNSName, "localhost"));
          names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
          for (String h : hosts) {
            names.add(new GeneralName(isAddress(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
          }
          KeyPair keys = keyPair();
          X509Certificate cert = sign(new X500Name("CN=" + m + ",OU=" + cluster + ",O=zkorch"), keys.getPublic(),
              caName, caKeys.getPrivate(), caKeys.getPublic(), false, names,
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
          store(keyStore(m, keys.getPrivate(), cert, ca, password), tmp.resolve("members").resolve(m + ".p12"),
              password);
        }
        KeyPair clientKeys = keyPair();
        X509Certificate client = sign(new X500Name("CN=zkorch-client,OU=" + cluster + ",O=zkorch"),
            clientKeys.getPublic(), caName, caKeys.getPrivate(), caKeys.getPublic(), false, List.of(),
            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
        store(keyStore("client", clientKeys.getPrivate(), client, ca, password), tmp.resolve("client.p12"), password);
        write(tmp.resolve("client.crt"), pem(client));
        write(tmp.resolve("client.key"), pem(clientKeys.getPrivate()));
        if (Files.exists(dir)) {
          throw ZkorchException.usage(dir + " already exists; zkorch does not overwrite a cluster's secrets.");
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return new TlsMaterial(dir);
      } finally {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("making TLS material: " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  public Path memberKeystore(String member) {
    return dir.resolve("members").resolve(member + ".p12");
  }

  public Path clientKeystore() {
    return dir.resolve("client.p12");
  }

  /** The file holding the stores' password (for ssl.*.passwordPath). */
  public Path passwordFile() {
    return dir.resolve("store.pass");
  }

  /** The stores' password. */
  public char[] password() {
    try {
      return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a cluster's material (idempotent). */
  public static void remove(Path dir) {
    deleteTree(dir);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, java.security.PublicKey key, X500Name issuer,
      PrivateKey issuerKey, java.security.PublicKey issuerPublic, boolean ca, List<GeneralName> names,
      KeyPurposeId[] purposes) throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(1, bytes(16)),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALID)), subject, key);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublic));
    if (ca) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }
    if (!names.isEmpty()) {
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(new GeneralName[0])));
    }
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static KeyStore keyStore(String alias, PrivateKey key, X509Certificate cert, X509Certificate ca,
      char[] password) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(STORE_TYPE);
    ks.load(null, null);
    ks.setKeyEntry(alias, key, password, new java.security.cert.Certificate[] {cert, ca});
    return ks;
  }

  private static void store(KeyStore ks, Path file, char[] password) throws GeneralSecurityException, IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static byte[] pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
    return w.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
