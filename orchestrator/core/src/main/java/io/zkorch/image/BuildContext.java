package io.zkorch.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Docker build context assembled in memory: sorted entries, fixed timestamps and modes, so that its hash depends
 * only on content. The hash (with the build arguments) names the image.
 */
public final class BuildContext {

  /**
   * Where a file's bytes come from, and optionally a fingerprint that stands for its content in the hash (a zip
   * entry's CRC-32 and size, say), so that an unchanged context is recognised without reading every byte.
   *
   * @param size the number of bytes
   * @param fingerprint stands for the content in the hash; null means hash the bytes
   * @param opener opens the bytes
   */
  public record Source(long size, String fingerprint, Opener opener) {
    /** Bytes in memory. */
    public static Source of(byte[] bytes) {
      byte[] copy = bytes.clone();
      return new Source(copy.length, null, () -> new java.io.ByteArrayInputStream(copy));
    }

    /**
     * A jar on disk, fingerprinted by its central directory: the index at the end of every zip that lists each
     * entry's name, CRC-32 and sizes. It identifies the content without inflating tens of megabytes.
     */
    public static Source ofJar(Path jar) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(jar)) {
        long size = ch.size();
        int tail = (int) Math.min(size, 65_557); // end-of-central-directory record plus the longest comment
        java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.read(end, size - tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
          if (end.getInt(i) == 0x06054b50) {
            eocd = i;
            break;
          }
        }
        if (eocd < 0) {
          return of(jar); // not a zip we understand: hash the bytes
        }
        long cdSize = Integer.toUnsignedLong(end.getInt(eocd + 12));
        long cdOffset = Integer.toUnsignedLong(end.getInt(eocd + 16));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer cd = java.nio.ByteBuffer.allocate((int) cdSize);
        ch.read(cd, cdOffset);
        cd.flip();
        digest.update(cd);
        return new Source(size, "zip-cd:" + HexFormat.of().formatHex(digest.digest()),
            () -> Files.newInputStream(jar));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A file on disk, hashed by content. */
    public static Source of(Path file) {
      try {
        return new Source(Files.size(file), null, () -> Files.newInputStream(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Opens a source's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private record Entry(Source source, int mode) {}

  private static final long EPOCH = 1_767_225_600L; // 2026-01-01T00:00:00Z: fixed mtime for reproducible layers

  private final SortedMap<String, Entry> entries = new TreeMap<>();
  private final SortedMap<String, String> buildArgs = new TreeMap<>();

  /** Adds a file from memory. */
  public BuildContext add(String path, byte[] bytes, boolean executable) {
    return add(path, Source.of(bytes), executable);
  }

  /** Adds a file from any source. */
  public BuildContext add(String path, Source source, boolean executable) {
    entries.put(path, new Entry(source, executable ? 0755 : 0644));
    return this;
  }

  /** Adds a text file. */
  public BuildContext add(String path, String text, boolean executable) {
    return add(path, text.getBytes(StandardCharsets.UTF_8), executable);
  }

  /** Adds a file from disk (read when hashed and when sent). */
  public BuildContext addFile(String path, Path file) {
    return add(path, Source.of(file), false);
  }

  /** A --build-arg; part of the hash. */
  public BuildContext arg(String name, String value) {
    buildArgs.put(name, value);
    return this;
  }

  public Map<String, String> buildArgs() {
    return Map.copyOf(buildArgs);
  }

  /** The first 12 hex digits of SHA-256 over paths, modes, contents and build arguments. */
  public String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        Source source = e.getValue().source();
        digest.update((e.getKey() + "\0" + e.getValue().mode() + "\0" + source.size() + "\0")
            .getBytes(StandardCharsets.UTF_8));
        if (source.fingerprint() != null) {
          digest.update(("fingerprint\0" + source.fingerprint()).getBytes(StandardCharsets.UTF_8));
          continue;
        }
        try (InputStream in = source.opener().open()) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
      buildArgs.forEach((k, v) -> digest.update(("arg\0" + k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the context as a tar stream. */
  public void writeTar(OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().source().size());
        entry.setMode(e.getValue().mode());
        entry.setModTime(EPOCH * 1000);
        tar.putArchiveEntry(entry);
        try (InputStream in = e.getValue().source().opener().open()) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  /** The tar as bytes (contexts are a few MB up to a few tens of MB). */
  public byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTar(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
