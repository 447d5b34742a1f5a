package io.isthmus.proxy.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Strict IP address literals for configuration: never a name, never resolved. IPv4 is exactly four
 * decimal octets without leading zeros (so {@code 010.0.0.1} is not silently octal or decimal);
 * IPv6 is RFC 4291 text without a zone. Output follows RFC 5952 (lower case, longest zero run as
 * {@code ::}).
 */
public final class IpLiterals {
  private IpLiterals() {}

  /**
   * Parses an address literal.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static InetAddress parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    return parseIpv4(text);
  }

  private static InetAddress parseIpv4(String text) {
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

  private static InetAddress parseIpv6(String text) {
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
