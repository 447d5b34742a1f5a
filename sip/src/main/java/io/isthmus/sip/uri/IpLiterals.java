package io.isthmus.sip.uri;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IPv4 and IPv6 address literals, without any name resolution: parsed from message bytes (the SIP
 * grammar) or from configuration text (strict), and written as RFC 5952 text (lower case, longest
 * zero run as {@code ::}). The one place the project reads and writes IP literals.
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

  /**
   * Parses an address literal as configuration states it (strict: IPv4 as exactly four decimal
   * octets without leading zeros, so {@code 010.0.0.1} is not silently octal or decimal; IPv6 as
   * RFC 4291 text without zone or brackets) into an address; never a name, never resolved.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static InetAddress parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (text.indexOf(':') >= 0) {
      return parseConfigIpv6(text);
    }
    return parseConfigIpv4(text);
  }

  private static InetAddress parseConfigIpv4(String text) {
    byte[] octets = new byte[4];
    int part = 0;
    int pos = 0;
    while (true) {
      int start = pos;
      int value = 0;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        value = value * 10 + (text.charAt(pos) - '0');
        pos++;
        if (pos - start > 3) {
          throw new IllegalArgumentException(
              "IPv4 octet " + (part + 1) + " too long in '" + text + "'");
        }
      }
      if (pos == start) {
        throw new IllegalArgumentException(
            pos < text.length()
                ? "'"
                    + text
                    + "' is not an IP address literal (unexpected '"
                    + text.charAt(pos)
                    + "' at offset "
                    + pos
                    + "; host names are not resolved)"
                : "IPv4 octet " + (part + 1) + " missing in '" + text + "'");
      }
      if (pos - start > 1 && text.charAt(start) == '0') {
        throw new IllegalArgumentException(
            "IPv4 octet " + (part + 1) + " has a leading zero in '" + text + "'");
      }
      if (value > 255) {
        throw new IllegalArgumentException(
            "IPv4 octet " + (part + 1) + " is " + value + ", larger than 255 in '" + text + "'");
      }
      octets[part++] = (byte) value;
      if (part == 4) {
        if (pos != text.length()) {
          throw new IllegalArgumentException(
              "unexpected '" + text.charAt(pos) + "' at offset " + pos + " in '" + text + "'");
        }
        break;
      }
      if (pos == text.length() || text.charAt(pos) != '.') {
        throw new IllegalArgumentException(
            pos == text.length()
                ? "IPv4 address '" + text + "' has " + part + " octets, expected 4"
                : "'"
                    + text
                    + "' is not an IP address literal (unexpected '"
                    + text.charAt(pos)
                    + "' at offset "
                    + pos
                    + "; host names are not resolved)");
      }
      pos++;
    }
    try {
      return InetAddress.getByAddress(octets);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("four octets are always an address", e);
    }
  }

  private static InetAddress parseConfigIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException("IPv6 zone ids are not supported: '" + text + "'");
    }
    if (text.startsWith("[")) {
      throw new IllegalArgumentException("write the IPv6 address without brackets: '" + text + "'");
    }
    InetAddress a;
    try {
      a = Inet6Address.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 address", e);
    }
    if (a instanceof Inet4Address) {
      // the JDK folds ::ffff:a.b.c.d into an IPv4 address; say so rather than change family
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 address '" + text + "': write it as " + a.getHostAddress());
    }
    return a;
  }

  /** The address as RFC 5952 text (IPv4 dotted quad, IPv6 compressed lower case). */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xFF)
          + "."
          + (address[1] & 0xFF)
          + "."
          + (address[2] & 0xFF)
          + "."
          + (address[3] & 0xFF);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /** {@link #format(byte[])} of an address object. */
  public static String format(InetAddress address) {
    return format(address.getAddress());
  }
}
