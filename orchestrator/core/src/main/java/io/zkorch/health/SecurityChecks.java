package io.zkorch.health;

import io.zkorch.security.ClientAccess;
import io.zkorch.security.ClusterSecrets;
import io.zkorch.security.TlsMaterial;
import io.zkorch.spec.SecuritySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A secure ensemble's checks: each proves a protection is on by trying what it must refuse (and, for ACLs, what it
 * must allow), live against the members:
 *
 * <ul>
 *   <li>plaintext refused: a plaintext client gets no answer from any member's client port (client TLS);
 *   <li>untrusted refused: a TLS client with a certificate from another CA — and, with {@code clientAuth: need},
 *       one without a certificate — gets no answer (client TLS that asks for certificates);
 *   <li>wrong password refused: a login with a wrong password fails, and a session without a login cannot read
 *       (SASL clients);
 *   <li>ACLs enforced: for each ACL, a user it grants read reads the znode and one it does not is refused.
 * </ul>
 *
 * The quorum's own checks (which passed over TLS and with zkorch's login) are the positive control of the first
 * three.
 */
public final class SecurityChecks {

  private final ClusterSecrets secrets;
  private final int timeoutMillis;

  public SecurityChecks(ClusterSecrets secrets, int timeoutMillis) {
    this.secrets = secrets;
    this.timeoutMillis = timeoutMillis;
  }

  /** The checks that apply to the cluster's security, run against {@code endpoints} (members reached from here). */
  public List<Check> run(List<Endpoint> endpoints) {
    return planned(endpoints).stream().map(p -> p.check().get()).toList();
  }

  /** A check that applies, not yet run: its kind (for a caller to show while it runs) and how to run it. */
  public record Planned(QuorumCheck kind, java.util.function.Supplier<Check> check) {}

  /** The checks that apply, not yet run, against {@code endpoints}; empty when no member is reachable. */
  public List<Planned> planned(List<Endpoint> endpoints) {
    List<Endpoint> reachable = endpoints.stream().filter(e -> e.port() > 0).toList();
    SecuritySpec sec = secrets.security();
    List<Planned> checks = new ArrayList<>();
    if (reachable.isEmpty()) {
      return checks;
    }
    if (sec.tls().client()) {
      checks.add(new Planned(QuorumCheck.PLAINTEXT_REFUSED, () -> plaintextRefused(reachable)));
      if (!sec.tls().clientAuth().equals("none")) {
        checks.add(new Planned(QuorumCheck.UNTRUSTED_REFUSED,
            () -> untrustedRefused(reachable, sec.tls().clientAuth().equals("need"))));
      }
    }
    String connect = reachable.get(0).host() + ":" + reachable.get(0).port();
    if (sec.sasl().client() != null) {
      checks.add(new Planned(QuorumCheck.WRONG_PASSWORD_REFUSED, () -> wrongPasswordRefused(connect)));
    }
    if (!sec.acl().isEmpty()) {
      checks.add(new Planned(QuorumCheck.ACL_ENFORCED, () -> aclsEnforced(connect)));
    }
    return checks;
  }

  private Check plaintextRefused(List<Endpoint> endpoints) {
    QuorumCheck kind = QuorumCheck.PLAINTEXT_REFUSED;
    // a plaintext member answers srvr within milliseconds; a TLS port waits for a handshake that never comes
    List<String> answers = eachMember(endpoints, e -> answer(e, ClientAccess.PLAIN, Math.min(timeoutMillis, 500)));
    for (int i = 0; i < endpoints.size(); i++) {
      if (answers.get(i) != null) {
        return Check.fail(kind, endpoints.get(i).service(), endpoints.get(i).service()
            + " answered a plaintext client: " + answers.get(i).lines().findFirst().orElse(""));
      }
    }
    return Check.pass(kind, "no member answers a plaintext client on its client port");
  }

  private Check untrustedRefused(List<Endpoint> endpoints, boolean need) {
    QuorumCheck kind = QuorumCheck.UNTRUSTED_REFUSED;
    ClientAccess own = secrets.access().withoutLogin();
    ClientAccess rogue = own.withKeyStore(Rogue.keyStore(), Rogue.passwordFile());
    List<String> answers = eachMember(endpoints, e -> {
      if (answer(e, rogue, timeoutMillis) != null) {
        return "answered a client whose certificate another CA signed";
      }
      if (need && answer(e, own.withKeyStore(null, null), timeoutMillis) != null) {
        return "answered a TLS client without a certificate (clientAuth: need)";
      }
      return null;
    });
    for (int i = 0; i < endpoints.size(); i++) {
      if (answers.get(i) != null) {
        return Check.fail(kind, endpoints.get(i).service(), endpoints.get(i).service() + " " + answers.get(i));
      }
    }
    return Check.pass(kind, "TLS clients with a certificate from another CA" + (need ? " or none" : "")
        + " get no answer");
  }

  /** {@code ask} of every member side by side, the answers in the members' order. */
  private static List<String> eachMember(List<Endpoint> endpoints, java.util.function.Function<Endpoint, String> ask) {
    List<java.util.concurrent.CompletableFuture<String>> asks = new ArrayList<>();
    for (Endpoint e : endpoints) {
      java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          f.complete(ask.apply(e));
        } catch (RuntimeException ex) {
          f.completeExceptionally(ex);
        }
      }, "zkorch-security-check");
      t.setDaemon(true);
      t.start();
      asks.add(f);
    }
    return asks.stream().map(java.util.concurrent.CompletableFuture::join).toList();
  }

  /** A member's answer to srvr through {@code access}, or null when it gives none (refused, reset, no handshake). */
  private static String answer(Endpoint e, ClientAccess access, int timeoutMillis) {
    try {
      String a = FourLetterWords.send(e.host(), e.port(), "srvr", timeoutMillis, access);
      return a.contains("Zookeeper version") ? a : null;
    } catch (IOException | RuntimeException refused) {
      return null;
    }
  }

  private Check wrongPasswordRefused(String connect) {
    QuorumCheck kind = QuorumCheck.WRONG_PASSWORD_REFUSED;
    ClientAccess own = secrets.access();
    String user = own.user().orElseThrow();
    ClientAccess wrongLogin = own.withoutLogin().withLogin(user, "not-" + secrets.password(user).orElseThrow());
    Outcome wrong = read(connect, wrongLogin, "/");
    // a lost connection proves nothing either way (the member may close it before the client reads AuthFailed):
    // ask again, up to three times, before calling it a failure
    for (int attempt = 1; attempt < 3 && !wrong.ok() && !wrong.authFailed()
        && wrong.detail().equals("CONNECTIONLOSS"); attempt++) {
      wrong = read(connect, wrongLogin, "/");
    }
    if (wrong.ok()) {
      return Check.fail(kind, null, "a login as " + user + " with a wrong password read /");
    }
    if (!wrong.authFailed()) {
      // refused, but not (provably) for its password: a lost connection proves nothing
      return Check.fail(kind, null, "a login with a wrong password failed other than by AuthFailed: "
          + wrong.detail());
    }
    Outcome none = read(connect, own.withoutLogin(), "/");
    if (none.ok()) {
      return Check.fail(kind, null, "a session without a login read /");
    }
    if (!none.detail().equals("SESSIONCLOSEDREQUIRESASLAUTH") && !none.authFailed()) {
      return Check.fail(kind, null, "a session without a login failed other than by the members' demand for a"
          + " login: " + none.detail());
    }
    return Check.pass(kind, "a wrong password: AuthFailed; no login: " + none.detail());
  }

  private Check aclsEnforced(String connect) {
    QuorumCheck kind = QuorumCheck.ACL_ENFORCED;
    SecuritySpec sec = secrets.security();
    List<String> proven = new ArrayList<>();
    for (SecuritySpec.Acl acl : sec.acl()) {
      Map<String, ClientAccess> granted = new TreeMap<>();
      Map<String, ClientAccess> denied = new TreeMap<>();
      identities().forEach((who, access) -> {
        if (grantsRead(acl, who)) {
          granted.put(who, access);
        } else {
          denied.put(who, access);
        }
      });
      if (worldReads(acl)) {
        denied.clear(); // everyone reads it: there is no one to refuse
      }
      for (Map.Entry<String, ClientAccess> g : granted.entrySet()) {
        Outcome o = read(connect, g.getValue(), acl.path());
        if (!o.ok() && !o.missing()) {
          return Check.fail(kind, null, g.getKey() + " could not read " + acl.path() + ", which the ACL grants it: "
              + o.detail());
        }
      }
      for (Map.Entry<String, ClientAccess> d : denied.entrySet()) {
        Outcome o = read(connect, d.getValue(), acl.path());
        if (o.ok()) {
          return Check.fail(kind, null, d.getKey() + " read " + acl.path() + ", which the ACL does not grant it");
        }
        if (!o.noAuth()) {
          return Check.fail(kind, null, d.getKey() + " reading " + acl.path() + " failed other than by the ACL: "
              + o.detail());
        }
      }
      proven.add(acl.path() + " (" + (granted.isEmpty() ? "no one" : String.join(", ", granted.keySet())) + " read"
          + (denied.isEmpty() ? "" : "; " + String.join(", ", denied.keySet()) + " refused") + ")");
    }
    return Check.pass(kind, String.join("; ", proven));
  }

  /**
   * The identities to try an ACL with: each SASL user (logged in) when clients log in, else a client without a
   * login.
   */
  private Map<String, ClientAccess> identities() {
    SecuritySpec sec = secrets.security();
    Map<String, ClientAccess> ids = new TreeMap<>();
    if (sec.sasl().client() != null) {
      for (String user : sec.sasl().users().keySet()) {
        ids.put(user, secrets.accessAs(user));
      }
    } else {
      ids.put("a client without a login", secrets.accessAs(null));
    }
    return ids;
  }

  private static boolean worldReads(SecuritySpec.Acl acl) {
    return acl.grants().stream().anyMatch(g -> g.startsWith("world:anyone:") && perms(g).contains("r"));
  }

  private static boolean grantsRead(SecuritySpec.Acl acl, String who) {
    return acl.grants().stream().anyMatch(g -> perms(g).contains("r")
        && (g.startsWith("world:anyone:") || g.equals("sasl:" + who + ":" + perms(g))));
  }

  private static String perms(String grant) {
    return grant.substring(grant.lastIndexOf(':') + 1);
  }

  /**
   * What a read of {@code path} through {@code access} came to; {@code authFailed}: the client was told its login
   * failed (the AuthFailed event, or the AUTHFAILED error).
   */
  record Outcome(boolean ok, boolean noAuth, boolean missing, String detail, boolean authFailed) {
    Outcome(boolean ok, boolean noAuth, boolean missing, String detail) {
      this(ok, noAuth, missing, detail, detail.equals("AuthFailed") || detail.equals("AUTHFAILED"));
    }
  }

  /** Connects through {@code access}, reads {@code path} and closes; never throws. */
  private Outcome read(String connect, ClientAccess access, String path) {
    CountDownLatch settled = new CountDownLatch(1);
    CountDownLatch authFailed = new CountDownLatch(1);
    AtomicReference<Watcher.Event.KeeperState> state = new AtomicReference<>();
    ZooKeeper zk = null;
    try {
      zk = new ZooKeeper(connect, Math.max(4000, timeoutMillis * 4), event -> {
        Watcher.Event.KeeperState s = event.getState();
        if (s == Watcher.Event.KeeperState.SyncConnected || s == Watcher.Event.KeeperState.AuthFailed
            || s == Watcher.Event.KeeperState.Closed) {
          state.compareAndSet(null, s);
          settled.countDown();
        }
        if (s == Watcher.Event.KeeperState.AuthFailed) {
          authFailed.countDown();
        }
      }, access.clientConfig());
      ZooKeeper handle = zk;
      access.digestAuth().ifPresent(d -> handle.addAuthInfo("digest", d));
      if (!settled.await(Math.max(4000, timeoutMillis * 4), TimeUnit.MILLISECONDS)) {
        return new Outcome(false, false, false, "no session within " + Math.max(4000, timeoutMillis * 4) + " ms");
      }
      if (state.get() == Watcher.Event.KeeperState.AuthFailed) {
        return new Outcome(false, false, false, "AuthFailed");
      }
      // a SASL login completes just after the session is made; a read before it would be refused for that reason
      awaitLogin(zk, access);
      zk.getData(path, false, null);
      return new Outcome(true, false, false, "read");
    } catch (KeeperException.NoAuthException e) {
      return new Outcome(false, true, false, "NoAuth");
    } catch (KeeperException.NoNodeException e) {
      return new Outcome(false, false, true, "no such znode");
    } catch (KeeperException e) {
      if (e.code() == KeeperException.Code.CONNECTIONLOSS && access.user().isPresent()) {
        // the members close the connection of a failed login: the AuthFailed event may come just after
        try {
          if (authFailed.await(2, TimeUnit.SECONDS)) {
            return new Outcome(false, false, false, "AuthFailed");
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      return new Outcome(false, false, false, e.code().name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, false, false, "interrupted");
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, false, false, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      if (zk != null) {
        try {
          zk.close(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void awaitLogin(ZooKeeper zk, ClientAccess access) throws InterruptedException {
    if (access.user().isEmpty() || access.digestAuth().isPresent()) {
      return;
    }
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < giveUp) {
      var sasl = zk.getSaslClient();
      if (sasl == null || sasl.isComplete() || sasl.isFailed()) {
        return;
      }
      Thread.sleep(10);
    }
  }

  /** A client identity from a CA no cluster trusts, made once per JVM. */
  static final class Rogue {
    private static Path dir;

    private Rogue() {}

    static synchronized Path keyStore() {
      return material().clientKeystore();
    }

    static synchronized Path passwordFile() {
      return material().passwordFile();
    }

    private static TlsMaterial material() {
      try {
        if (dir == null) {
          Path parent = Files.createTempDirectory("zkorch-rogue-");
          parent.toFile().deleteOnExit();
          dir = parent.resolve("m");
          TlsMaterial.create(dir, "rogue", List.of(), List.of());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            TlsMaterial.remove(parent);
          }));
        }
        return TlsMaterial.at(dir);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
