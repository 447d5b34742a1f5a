package io.isthmus.media.net;

import java.net.InetAddress;

/** Parser behind {@link LogicalInterface#parse(String)}; every error names the offset. */
final class InterfaceSpecParser {

  private InterfaceSpecParser() {}

  static LogicalInterface parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InterfaceSpecException(String.valueOf(spec), 0, "empty interface specification");
    }
    for (int i = 0; i < spec.length(); i++) {
      if (Character.isWhitespace(spec.charAt(i))) {
        throw new InterfaceSpecException(spec, i, "whitespace is not allowed");
      }
    }
    int slash = spec.indexOf('/');
    String name = LogicalInterface.DEFAULT_NAME;
    int addressStart = 0;
    if (slash >= 0) {
      name = spec.substring(0, slash);
      checkName(spec, name);
      addressStart = slash + 1;
      if (spec.indexOf('/', addressStart) >= 0) {
        throw new InterfaceSpecException(
            spec, spec.indexOf('/', addressStart), "more than one '/' (expected name/address)");
      }
    }
    int bang = spec.indexOf('!', addressStart);
    int localEnd = bang >= 0 ? bang : spec.length();
    InetAddress local = address(spec, addressStart, localEnd, "local address");
    InetAddress advertised = local;
    if (bang >= 0) {
      if (spec.indexOf('!', bang + 1) >= 0) {
        throw new InterfaceSpecException(
            spec, spec.indexOf('!', bang + 1), "more than one '!' (expected local!advertised)");
      }
      advertised = address(spec, bang + 1, spec.length(), "advertised address");
    }
    return new LogicalInterface(name, local, advertised);
  }

  private static void checkName(String spec, String name) {
    if (name.isEmpty()) {
      throw new InterfaceSpecException(spec, 0, "empty interface name before '/'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.'
              || c == ':'; // rtpengine's BASE:SUFFIX round-robin groups
      if (!ok) {
        throw new InterfaceSpecException(
            spec,
            i,
            "invalid character '" + c + "' in interface name (allowed: A-Z a-z 0-9 _ - . :)");
      }
    }
  }

  private static InetAddress address(String spec, int start, int end, String what) {
    if (start == end) {
      throw new InterfaceSpecException(spec, start, "missing " + what);
    }
    String literal = spec.substring(start, end);
    if (literal.startsWith("[")) {
      throw new InterfaceSpecException(spec, start, what + ": write IPv6 without brackets");
    }
    if (literal.indexOf(':') < 0) {
      checkDottedQuad(spec, start, literal, what);
    }
    try {
      // ofLiteral (JDK 22+) never resolves: host names are an error, not a DNS query.
      return InetAddress.ofLiteral(literal);
    } catch (IllegalArgumentException e) {
      throw new InterfaceSpecException(
          spec,
          start,
          what
              + " \""
              + literal
              + "\" is not an IPv4 or IPv6 literal (host and system interface names are not"
              + " supported)");
    }
  }

  /**
   * Requires exactly four decimal octets. {@link InetAddress#ofLiteral} alone would also take the
   * historic short forms ({@code 127.1}), which in a config file are almost always a typo.
   */
  private static void checkDottedQuad(String spec, int start, String literal, String what) {
    int octetStart = 0;
    int octets = 0;
    for (int i = 0; i <= literal.length(); i++) {
      if (i < literal.length() && literal.charAt(i) != '.') {
        char c = literal.charAt(i);
        if (c < '0' || c > '9') {
          throw new InterfaceSpecException(
              spec,
              start + i,
              what
                  + " \""
                  + literal
                  + "\" is not an IPv4 or IPv6 literal (host and system interface names are not"
                  + " supported)");
        }
        continue;
      }
      int length = i - octetStart;
      if (length == 0 || length > 3 || Integer.parseInt(literal, octetStart, i, 10) > 255) {
        throw new InterfaceSpecException(
            spec, start + octetStart, what + ": IPv4 octet must be a number from 0 to 255");
      }
      octets++;
      octetStart = i + 1;
    }
    if (octets != 4) {
      throw new InterfaceSpecException(
          spec, start, what + ": IPv4 address needs four octets, found " + octets);
    }
  }
}
