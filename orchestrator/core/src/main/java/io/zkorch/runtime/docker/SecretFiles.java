package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.ZkorchException;
import io.zkorch.security.ClusterSecrets;
import io.zkorch.topology.Topology;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Puts secret files into a created (not started) container at {@link Topology#SECRETS_DIR} through Docker's archive
 * API (so remote and Docker-in-Docker engines too): nothing secret in an image layer, the environment or a label.
 * The folder and files belong to the container's user and only it reads them.
 */
final class SecretFiles {

  /** The official image's (and zkorch's member image's) zookeeper user. */
  static final int MEMBER_UID = 1000;

  private SecretFiles() {}

  /** Who owns the files and who reads them: the uid and the files' mode. */
  record Owner(int uid, int mode) {}

  /** A member's zookeeper user, alone. */
  static final Owner MEMBER = new Owner(MEMBER_UID, 0400);

  /**
   * The owner for containers of {@code image}: the image's user when it is numeric (root when none is set), reading
   * alone; an image whose user is a name gets files every user in the container reads (0444), since its uid is not
   * known outside.
   */
  static Owner ownerOf(DockerClient docker, String image) {
    String user = docker.inspectImageCmd(image).exec().getConfig().getUser();
    String uid = user == null || user.isBlank() ? "0" : user.split(":")[0];
    return uid.matches("\\d+") ? new Owner(Integer.parseInt(uid), 0400) : new Owner(0, 0444);
  }

  /** The client files of a cluster's app container (or worker) logging in as {@code user}. */
  static Map<String, byte[]> clientFiles(Topology topology, String user) {
    ClusterSecrets secrets = ClusterSecrets.of(topology.cluster()).orElseThrow(() -> ZkorchException.usage(
        "The secure cluster " + topology.cluster() + " has no secrets on this machine ("
            + ClusterSecrets.dirOf(topology.cluster()) + "); its app containers cannot log in. Bring it up from"
            + " here with `zkorch up`."));
    return secrets.clientFiles(user);
  }

  /** {@code files} into {@code container} at the secrets folder, for {@code owner}. */
  static void copy(DockerClient docker, String container, Map<String, byte[]> files, Owner owner) {
    int uid = owner.uid();
    int mode = owner.mode();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      String dir = Topology.SECRETS_DIR.substring(1);
      TarArchiveEntry d = new TarArchiveEntry(dir + "/");
      d.setMode(040000 | (mode == 0444 ? 0555 : 0500));
      d.setIds(uid, uid);
      tar.putArchiveEntry(d);
      tar.closeArchiveEntry();
      for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/" + f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0100000 | mode);
        e.setIds(uid, uid);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    docker.copyArchiveToContainerCmd(container).withRemotePath("/")
        .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
  }
}
