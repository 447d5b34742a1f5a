package io.isthmus.sip.uri;

/**
 * Parses IPv4 and IPv6 address literals from their text, without any name resolution.
 *
 * <p>IPv6 follows RFC 4291 §2.2 (the corrected grammar of RFC 5954): at most one {@code ::}, so the
 * three-colon form {@code 2001:db8:::192.0.2.1} that RFC 3261's ABNF lets through is refused (RFC
 * 5118 §4.10).
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** The 4 octets of a dotted-quad IPv4 address filling exactly {@code [start, end)}, or null. */
  public static byte[] parseIpv4(byte[] b, int start, int end) {
    byte[] out = new byte[4];
    return parseIpv4Into(b, start, end, out, 0) ? out : null;
  }

  private static boolean parseIpv4Into(byte[] b, int start, int end, byte[] out, int at) {
    int pos = start;
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        if (pos >= end || b[pos] != '.') {
          return false;
        }
        pos++;
      }
      int digits = 0;
      int value = 0;
      while (pos < end && SipChars.isDigit(b[pos]) && digits < 4) {
        value = value * 10 + (b[pos] - '0');
        digits++;
        pos++;
      }
      // RFC 3261 IPv4address: 1*3DIGIT per part.
      if (digits == 0 || digits > 3 || value > 255) {
        return false;
      }
      out[at + i] = (byte) value;
    }
    return pos == end;
  }

  /**
   * The 16 octets of an IPv6 address (no brackets) filling exactly {@code [start, end)}, or null.
   */
  public static byte[] parseIpv6(byte[] b, int start, int end) {
    if (end - start < 2) {
      return null;
    }
    byte[] out = new byte[16];
    int groups = 0; // 16-bit groups written so far
    int gap = -1; // group index where "::" stands
    int pos = start;
    if (b[pos] == ':') {
      if (b[pos + 1] != ':') {
        return null;
      }
      gap = 0;
      pos += 2;
      if (pos == end) {
        return out;
      }
    }
    while (pos < end) {
      if (groups == 8) {
        return null;
      }
      int groupStart = pos;
      int value = 0;
      while (pos < end && SipChars.isHex(b[pos]) && pos - groupStart < 4) {
        value = value << 4 | SipChars.hexValue(b[pos]);
        pos++;
      }
      if (pos < end && b[pos] == '.') {
        // Embedded IPv4 in the last 32 bits (e.g. ::ffff:192.0.2.10, RFC 5118 §4.9).
        if (groups > 6 || !parseIpv4Into(b, groupStart, end, out, groups * 2)) {
          return null;
        }
        groups += 2;
        pos = end;
        break;
      }
      if (pos == groupStart) {
        return null;
      }
      out[groups * 2] = (byte) (value >> 8);
      out[groups * 2 + 1] = (byte) value;
      groups++;
      if (pos == end) {
        break;
      }
      if (b[pos] != ':') {
        return null;
      }
      pos++;
      if (pos < end && b[pos] == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = groups;
        pos++;
        if (pos == end) {
          break;
        }
      } else if (pos == end) {
        return null; // trailing single colon
      }
    }
    if (gap < 0) {
      return groups == 8 ? out : null;
    }
    if (groups == 8) {
      return null; // "::" must stand for at least one group
    }
    int tail = groups - gap;
    System.arraycopy(out, gap * 2, out, 16 - tail * 2, tail * 2);
    java.util.Arrays.fill(out, gap * 2, 16 - tail * 2, (byte) 0);
    return out;
  }
}
