package io.isthmus.sdp;

import java.util.List;

/**
 * The connection line, RFC 8866 §5.7: {@code c=<nettype> <addrtype> <connection-address>}, where an
 * IPv4 multicast address may carry {@code /<ttl>[/<number of addresses>]} and an IPv6 one {@code
 * /<number of addresses>}.
 *
 * @param ttl the multicast TTL, or -1 if absent
 * @param numAddresses the number of addresses, or -1 if absent
 */
public record Connection(
    String netType, String addrType, String address, int ttl, int numAddresses) {

  /** The {@code IN} network type, the only one registered for the Internet. */
  public static final String IN = "IN";

  /** {@code IP4} address type. */
  public static final String IP4 = "IP4";

  /** {@code IP6} address type. */
  public static final String IP6 = "IP6";

  /** A unicast connection {@code IN <addrType> <address>}. */
  public static Connection of(String addrType, String address) {
    return new Connection(
        IN, Tokens.requireToken(addrType, "address type"), requireAddress(address), -1, -1);
  }

  static String requireAddress(String address) {
    Tokens.requireToken(address, "address");
    if (address.indexOf('/') >= 0) {
      throw new IllegalArgumentException("address holds '/': " + address);
    }
    return address;
  }

  static Connection parse(SdpLine line) throws SdpParseException {
    List<String> f = Tokens.split(line.value());
    if (f.size() != 3) {
      throw SdpParseException.at(line, "expected <nettype> <addrtype> <connection-address>");
    }
    String[] parts = f.get(2).split("/", -1);
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw SdpParseException.at(line, "malformed connection address");
    }
    int ttl = -1;
    int num = -1;
    boolean ip6 = IP6.equalsIgnoreCase(f.get(1));
    if (parts.length == 3 && ip6) {
      throw SdpParseException.at(line, "an IP6 address has no TTL");
    }
    if (parts.length >= 2) {
      int v = Tokens.parseUnsigned(parts[1], 65535);
      if (v < 0) {
        throw SdpParseException.at(
            line, ip6 ? "number of addresses is not a number" : "TTL is not a number");
      }
      if (ip6) {
        num = v;
      } else {
        ttl = v;
      }
    }
    if (parts.length == 3) {
      num = Tokens.parseUnsigned(parts[2], 65535);
      if (num < 0) {
        throw SdpParseException.at(line, "number of addresses is not a number");
      }
    }
    return new Connection(f.get(0), f.get(1), parts[0], ttl, num);
  }

  /** Whether the address type is IP6. */
  public boolean isIp6() {
    return IP6.equalsIgnoreCase(addrType);
  }

  /**
   * Whether this is {@code IN IP4 0.0.0.0}: the old way to put a stream on hold (RFC 2543, still
   * accepted by RFC 3264 §8.4), which a relay must keep recognising and must not latch onto.
   */
  public boolean isHoldAddress() {
    return IP4.equalsIgnoreCase(addrType) && "0.0.0.0".equals(address);
  }

  /** The line value. */
  public String value() {
    StringBuilder sb = new StringBuilder(48);
    sb.append(netType).append(' ').append(addrType).append(' ').append(address);
    if (ttl >= 0) {
      sb.append('/').append(ttl);
    }
    if (numAddresses >= 0) {
      sb.append('/').append(numAddresses);
    }
    return sb.toString();
  }
}
