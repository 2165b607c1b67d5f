package io.zkorch.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;

/**
 * The marks zkorch prints (✓ ✗ — → … ·) and their plain ASCII stand-ins for a terminal whose locale is not UTF-8
 * (under {@code LC_ALL=C} Java would print every one of them as {@code ?}, so a pass and a failure looked alike).
 */
final class Marks {

  private static final Map<Character, String> ASCII = Map.ofEntries(
      Map.entry('✓', "ok"), Map.entry('✗', "FAIL"), Map.entry('—', "-"), Map.entry('–', "-"),
      Map.entry('→', "->"), Map.entry('…', "..."), Map.entry('·', "|"), Map.entry('×', "x"),
      Map.entry('≈', "~"), Map.entry('≤', "<="), Map.entry('≥', ">="), Map.entry('µ', "u"),
      Map.entry('⠋', "-"), Map.entry('⠙', "\\"), Map.entry('⠹', "|"), Map.entry('⠸', "/"), Map.entry('⠼', "-"),
      Map.entry('⠴', "\\"), Map.entry('⠦', "|"), Map.entry('⠧', "/"), Map.entry('⠇', "-"), Map.entry('⠏', "\\"));

  private Marks() {}

  /**
   * Whether the terminal takes UTF-8: the locale's character set as the C library picks it (LC_ALL, else LC_CTYPE,
   * else LANG); with none of them set, the JVM's own idea ({@code native.encoding}).
   */
  static boolean unicode() {
    for (String v : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      var value = Env.get(v);
      if (value.isPresent()) {
        String l = value.get().toLowerCase(Locale.ROOT);
        return l.contains("utf-8") || l.contains("utf8");
      }
    }
    String nat = System.getProperty("native.encoding", Charset.defaultCharset().name());
    return nat.toLowerCase(Locale.ROOT).replace("-", "").contains("utf8");
  }

  /** {@code text} with every mark replaced by its ASCII stand-in, and any other non-ASCII character by '?'. */
  static String ascii(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128) {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      String s = ASCII.get(c);
      if (s == null && Character.isHighSurrogate(c) && i + 1 < text.length()) {
        i++; // one '?' for a character outside the basic plane
      }
      b.append(s == null ? "?" : s);
    }
    return b == null ? text : b.toString();
  }

  /** A stream that prints through {@link #ascii} (for a terminal that is not UTF-8). */
  static PrintStream asciiStream(OutputStream out) {
    return new PrintStream(out, true, java.nio.charset.StandardCharsets.US_ASCII) {
      @Override
      public void print(String s) {
        super.print(ascii(String.valueOf(s)));
      }

      @Override
      public void print(char c) {
        super.print(ascii(String.valueOf(c)));
      }

      @Override
      public void print(Object o) {
        print(String.valueOf(o));
      }

      @Override
      public void println(String s) {
        synchronized (this) {
          print(s);
          println();
        }
      }

      @Override
      public void println(Object o) {
        println(String.valueOf(o));
      }

      @Override
      public PrintStream append(CharSequence csq) {
        print(String.valueOf(csq));
        return this;
      }
    };
  }
}
