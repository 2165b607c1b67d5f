package io.zkorch.spec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The znodes cluster.yaml's {@code data:} seeds (and {@code zkorch data export} writes): each path with its bytes,
 * parents before children. Parents that are not listed are created empty.
 *
 * @param znodes the znodes in path order
 */
public record DataSpec(List<Znode> znodes) {

  /** ZooKeeper's default limit on one request (jute.maxbuffer, 0xfffff bytes); a larger value is refused. */
  public static final int MAX_BYTES = 0xfffff;

  public static final DataSpec EMPTY = new DataSpec(List.of());

  public DataSpec {
    znodes = znodes.stream().sorted(Comparator.comparing(Znode::path, DataSpec::byPath)).toList();
  }

  public boolean isEmpty() {
    return znodes.isEmpty();
  }

  public Optional<Znode> find(String path) {
    return znodes.stream().filter(z -> z.path().equals(path)).findFirst();
  }

  /** Path order: parents before children, siblings by name ("/a" < "/a/b" < "/a-b"). */
  static int byPath(String a, String b) {
    return Arrays.compare(a.split("/", -1), b.split("/", -1), Comparator.naturalOrder());
  }

  /**
   * One znode.
   *
   * @param path its absolute path
   * @param data its bytes
   */
  public record Znode(String path, byte[] data) {

    public Znode {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The bytes as text when they are UTF-8 without control characters other than tab and newline; else empty. */
    public Optional<String> text() {
      return DataSpec.text(data);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Znode z && z.path.equals(path) && Arrays.equals(z.data, data);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return path + "=" + text().map(t -> "\"" + t + "\"").orElse(data.length + " bytes");
    }
  }

  /** {@code bytes} as text when they are strict UTF-8 and hold no control characters but tab, CR and newline. */
  public static Optional<String> text(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f) {
          return Optional.empty();
        }
      }
      return Optional.of(s);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
