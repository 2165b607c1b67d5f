package io.zkorch.health;

import java.util.Optional;

/**
 * A member's answer to {@code srvr}.
 *
 * @param mode leader, follower, observer or standalone; NONE when the member is not serving
 * @param zxid the last processed zxid, or -1 when not reported
 * @param serving false when the member said it is not currently serving requests
 * @param raw the whole answer
 */
public record Srvr(MemberMode mode, long zxid, boolean serving, String raw) {

  /** Parses a srvr answer. Unparseable text yields a not-serving result that keeps the raw text. */
  public static Srvr parse(String text) {
    String mode = "";
    long zxid = -1;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("Mode:")) {
        mode = l.substring(5).strip();
      } else if (l.startsWith("Zxid:")) {
        String hex = l.substring(5).strip();
        try {
          zxid = Long.parseUnsignedLong(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
        } catch (NumberFormatException e) {
          zxid = -1;
        }
      }
    }
    MemberMode parsed = MemberMode.parse(mode);
    boolean serving = parsed.serves() && !text.contains("not currently serving");
    return new Srvr(parsed, zxid, serving, text);
  }

  /** The epoch: the zxid's high 32 bits. */
  public long epoch() {
    return zxid < 0 ? -1 : zxid >>> 32;
  }

  /** The zxid as ZooKeeper prints it. */
  public String zxidHex() {
    return zxid < 0 ? "-" : "0x" + Long.toHexString(zxid);
  }

  public Optional<MemberMode> modeIfServing() {
    return serving ? Optional.of(mode) : Optional.empty();
  }
}
