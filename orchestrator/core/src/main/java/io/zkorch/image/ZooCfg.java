package io.zkorch.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders zoo.cfg from the official image's environment contract through {@code templates/zoo.cfg}, exactly as the
 * member image's entrypoint does (the integration tests compare the two).
 */
public final class ZooCfg {

  /** The entrypoint's defaults for variables the environment leaves unset. */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("ZOO_DATA_DIR", "/data");
    d.put("ZOO_DATA_LOG_DIR", "/datalog");
    d.put("ZOO_MY_ID", "1");
    d.put("ZOO_SERVERS", "server.1=localhost:2888:3888;2181");
    d.put("ZOO_TICK_TIME", "2000");
    d.put("ZOO_INIT_LIMIT", "5");
    d.put("ZOO_SYNC_LIMIT", "2");
    d.put("ZOO_AUTOPURGE_PURGEINTERVAL", "0");
    d.put("ZOO_AUTOPURGE_SNAPRETAINCOUNT", "3");
    d.put("ZOO_MAX_CLIENT_CNXNS", "60");
    d.put("ZOO_STANDALONE_ENABLED", "true");
    d.put("ZOO_ADMINSERVER_ENABLED", "false");
    d.put("ZOO_4LW_COMMANDS_WHITELIST", "srvr,mntr,ruok");
    d.put("ZOO_CFG_EXTRA", "");
    DEFAULTS = Map.copyOf(d);
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z0-9_]+)@");

  private ZooCfg() {}

  /** The template as shipped in zkorch's jar and copied into the member image. */
  public static String template() {
    try (InputStream in = ZooCfg.class.getResourceAsStream("/io/zkorch/templates/zoo.cfg")) {
      if (in == null) {
        throw new IllegalStateException("io/zkorch/templates/zoo.cfg is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** zoo.cfg for a member with environment {@code env} (unset variables take the entrypoint's defaults). */
  public static String render(Map<String, String> env) {
    Map<String, String> vars = new LinkedHashMap<>(DEFAULTS);
    vars.putAll(env);
    StringBuilder out = new StringBuilder();
    for (String line : template().split("\n", -1)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.equals("@ZOO_SERVERS@") || line.equals("@ZOO_CFG_EXTRA@")) {
        String value = vars.getOrDefault(line.substring(1, line.length() - 1), "");
        for (String entry : value.trim().split("\\s+")) {
          if (!entry.isEmpty()) {
            out.append(entry).append('\n');
          }
        }
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(line);
      out.append(m.replaceAll(r -> Matcher.quoteReplacement(vars.getOrDefault(r.group(1), "")))).append('\n');
    }
    // the template's trailing newline yields one empty last line, which the shell loop does not print
    if (out.length() > 0 && template().endsWith("\n")) {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }
}
