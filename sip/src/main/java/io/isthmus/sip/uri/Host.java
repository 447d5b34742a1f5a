package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code host} of RFC 3261 §25.1 as written: a hostname, an IPv4 address or an IPv6 reference
 * (kept with its brackets). IP literals are parsed from their text; no name is ever resolved.
 */
public final class Host {
  /** What kind of host the text is. */
  public enum Kind {
    DOMAIN,
    IPV4,
    IPV6
  }

  private final String text;
  private final Kind kind;
  private final byte[] address;

  private Host(String text, Kind kind, byte[] address) {
    this.text = text;
    this.kind = kind;
    this.address = address;
  }

  /** The host as written; an IPv6 reference keeps its brackets ({@code [2001:db8::10]}). */
  public String text() {
    return text;
  }

  /** DOMAIN, IPV4 or IPV6. */
  public Kind kind() {
    return kind;
  }

  /** The address octets of an IP literal (4 or 16), or null for a domain name. */
  public byte[] address() {
    return address == null ? null : address.clone();
  }

  /**
   * Parses the longest host starting at {@code start} and ending before {@code limit}. The caller
   * continues at {@code start + text().length()} (the text is exactly the bytes consumed).
   */
  public static Host parse(byte[] b, int start, int limit) throws SipParseException {
    if (start >= limit) {
      throw new SipParseException(start, "expected host");
    }
    if (b[start] == '[') {
      int close = start + 1;
      while (close < limit && b[close] != ']') {
        close++;
      }
      if (close == limit) {
        throw new SipParseException(limit, "expected ']' closing the IPv6 reference");
      }
      byte[] v6 = IpLiterals.parseIpv6(b, start + 1, close);
      if (v6 == null) {
        throw new SipParseException(start + 1, "invalid IPv6 address (RFC 4291)");
      }
      return new Host(ascii(b, start, close + 1), Kind.IPV6, v6);
    }
    rejectBareIpv6(b, start, limit);
    int end = start;
    boolean numeric = true;
    while (end < limit && SipChars.isHostChar(b[end])) {
      numeric &= b[end] == '.' || SipChars.isDigit(b[end]);
      end++;
    }
    if (end == start) {
      throw new SipParseException(start, "expected host");
    }
    if (numeric) {
      byte[] v4 = IpLiterals.parseIpv4(b, start, end);
      if (v4 == null) {
        throw new SipParseException(start, "invalid IPv4 address");
      }
      return new Host(ascii(b, start, end), Kind.IPV4, v4);
    }
    checkHostname(b, start, end);
    return new Host(ascii(b, start, end), Kind.DOMAIN, null);
  }

  /**
   * RFC 5118 §4.2: {@code 2001:db8::10} is not a host and a port but an IPv6 address without the
   * brackets RFC 3261 requires. Refuse it by name rather than as a strange port.
   */
  private static void rejectBareIpv6(byte[] b, int start, int limit) throws SipParseException {
    int colons = 0;
    for (int i = start; i < limit; i++) {
      int c = b[i];
      if (c == ':') {
        colons++;
      } else if (!SipChars.isHex(c) && c != '.') {
        break;
      }
    }
    if (colons >= 2) {
      throw new SipParseException(
          start, "IPv6 address must be enclosed in '[' ']' (RFC 5118 §4.2)");
    }
  }

  /** Parses a whole string as a host; for builders and configuration. */
  public static Host of(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    try {
      Host h = parse(b, 0, b.length);
      if (h.text.length() != b.length) {
        throw new IllegalArgumentException("not a host: " + text);
      }
      return h;
    } catch (SipParseException e) {
      throw new IllegalArgumentException("not a host: " + text + ": " + e.getMessage(), e);
    }
  }

  /**
   * hostname = *( domainlabel "." ) toplabel [ "." ]: labels are not empty and neither start nor
   * end with '-'. We do not insist that the top label starts with a letter (liberal: hosts such as
   * {@code 1and1.example} appear in practice); an all-numeric name must be an IPv4 address.
   */
  private static void checkHostname(byte[] b, int start, int end) throws SipParseException {
    int labelStart = start;
    for (int i = start; i <= end; i++) {
      if (i == end || b[i] == '.') {
        if (i == labelStart) {
          if (i == end && i > start) {
            return; // trailing dot of a fully qualified name
          }
          throw new SipParseException(i, "empty label in hostname");
        }
        if (b[labelStart] == '-') {
          throw new SipParseException(labelStart, "hostname label starts with '-'");
        }
        if (b[i - 1] == '-') {
          throw new SipParseException(i - 1, "hostname label ends with '-'");
        }
        labelStart = i + 1;
      }
    }
  }

  static String ascii(byte[] b, int start, int end) {
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** Same kind and same address (IP literals) or same name ignoring case (RFC 3261 §19.1.4). */
  public boolean equivalentTo(Host other) {
    if (kind != other.kind) {
      return false;
    }
    return kind == Kind.DOMAIN
        ? text.equalsIgnoreCase(other.text)
        : Arrays.equals(address, other.address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Host h && h.kind == kind && h.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
