package io.isthmus.sdp;

import java.util.List;

/**
 * The origin line, RFC 8866 §5.2: {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype>
 * <unicast-address>}.
 *
 * <p>The session id and version are kept as the decimal strings they were: RFC 8866 only asks for
 * numeric strings, and senders use up to 20 digits, beyond a Java {@code long}. A relay changes the
 * address and, when it changes the description, bumps the version (RFC 3264 §8).
 */
public record Origin(
    String username,
    String sessionId,
    String sessionVersion,
    String netType,
    String addrType,
    String address) {

  static Origin parse(SdpLine line) throws SdpParseException {
    List<String> f = Tokens.split(line.value());
    if (f.size() != 6) {
      throw SdpParseException.at(
          line,
          "expected <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>");
    }
    if (!Tokens.isDigits(f.get(2))) {
      throw SdpParseException.at(line, "session version is not a number");
    }
    return new Origin(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
  }

  /** The session version as a long, or -1 if it has more digits than a long holds. */
  public long sessionVersionAsLong() {
    return Tokens.parseUnsignedLong(sessionVersion);
  }

  /** This origin with another address (network type stays, e.g. {@code IN}). */
  public Origin withAddress(String newAddrType, String newAddress) {
    return new Origin(
        username,
        sessionId,
        sessionVersion,
        netType,
        Tokens.requireToken(newAddrType, "address type"),
        Tokens.requireToken(newAddress, "address"));
  }

  /** This origin with the given session version (a decimal string). */
  public Origin withSessionVersion(String version) {
    if (!Tokens.isDigits(version)) {
      throw new IllegalArgumentException("session version is not a number: " + version);
    }
    return new Origin(username, sessionId, version, netType, addrType, address);
  }

  /** This origin with the session version increased by one, in decimal, at any length. */
  public Origin withNextVersion() {
    char[] digits = sessionVersion.toCharArray();
    int i = digits.length - 1;
    while (i >= 0 && digits[i] == '9') {
      digits[i--] = '0';
    }
    String next;
    if (i < 0) {
      next = "1" + new String(digits);
    } else {
      digits[i]++;
      next = new String(digits);
    }
    return new Origin(username, sessionId, next, netType, addrType, address);
  }

  /** The line value, fields joined by single spaces. */
  public String value() {
    return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
  }
}
