package io.isthmus.proxy.network;

import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 subnet in CIDR notation ({@code 127.0.1.0/24}, {@code 2001:db8::/32}); a bare
 * address is a /32 or /128. Immutable. {@link #contains} compares address bytes under the prefix
 * mask; it keeps no state and takes no lock.
 */
public final class Subnet {
  private final byte[] prefix;
  private final int length;

  private Subnet(byte[] prefix, int length) {
    this.prefix = prefix;
    this.length = length;
  }

  /**
   * Parses {@code address[/length]}. Host bits must be zero ({@code 10.0.0.1/8} is refused: it is
   * more often a typo than an intent).
   *
   * @throws IllegalArgumentException with a message naming the text and what is wrong
   */
  public static Subnet parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty subnet");
    }
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address;
    try {
      address = IpLiterals.parse(addressText).getAddress();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid subnet '" + text + "': " + e.getMessage(), e.getCause());
    }
    int bits = address.length * 8;
    int length = bits;
    if (slash >= 0) {
      length = parseLength(text, slash + 1, bits);
    }
    Subnet subnet = new Subnet(mask(address, length), length);
    if (!Arrays.equals(subnet.prefix, address)) {
      throw new IllegalArgumentException(
          "invalid subnet '"
              + text
              + "': host bits are set after the /"
              + length
              + " prefix (did you mean "
              + subnet
              + "?)");
    }
    return subnet;
  }

  private static int parseLength(String text, int start, int bits) {
    if (start == text.length()) {
      throw new IllegalArgumentException("invalid subnet '" + text + "': empty prefix length");
    }
    int value = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            "invalid subnet '"
                + text
                + "': prefix length is not a decimal number (unexpected '"
                + c
                + "' at offset "
                + i
                + ")");
      }
      value = Math.min(value * 10 + (c - '0'), 1000);
    }
    if (value > bits) {
      throw new IllegalArgumentException(
          "invalid subnet '"
              + text
              + "': prefix length "
              + text.substring(start)
              + " is larger than "
              + bits
              + " for an IPv"
              + (bits == 32 ? 4 : 6)
              + " address");
    }
    return value;
  }

  /** The subnet of {@code address} and its first {@code length} bits. */
  public static Subnet of(InetAddress address, int length) {
    byte[] a = address.getAddress();
    if (length < 0 || length > a.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + length);
    }
    return new Subnet(mask(a, length), length);
  }

  private static byte[] mask(byte[] address, int length) {
    byte[] m = address.clone();
    for (int i = 0; i < m.length; i++) {
      int keep = Math.clamp(length - 8 * i, 0, 8);
      m[i] &= (byte) (0xFF00 >>> keep);
    }
    return m;
  }

  /**
   * True when {@code address} is in this subnet; an address of the other family never is. The
   * {@code getAddress()} copy is a 4- or 16-byte array that does not escape, which the JIT
   * scalar-replaces once this method is inlined.
   */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** True when the raw address (4 or 16 bytes, network order) is in this subnet. */
  public boolean contains(byte[] address) {
    if (address.length != prefix.length) {
      return false;
    }
    int full = length >>> 3;
    for (int i = 0; i < full; i++) {
      if (address[i] != prefix[i]) {
        return false;
      }
    }
    int rest = length & 7;
    if (rest == 0) {
      return true;
    }
    int m = 0xFF00 >>> rest & 0xFF;
    return (address[full] & m) == (prefix[full] & 0xFF);
  }

  /** True when the two subnets share at least one address (one contains the other's prefix). */
  public boolean overlaps(Subnet other) {
    if (other.prefix.length != prefix.length) {
      return false;
    }
    return length <= other.length ? contains(other.prefix) : other.contains(prefix);
  }

  /** The prefix length in bits. */
  public int prefixLength() {
    return length;
  }

  /** True for an IPv6 subnet. */
  public boolean isIpv6() {
    return prefix.length == 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subnet s && s.length == length && Arrays.equals(s.prefix, prefix);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(prefix) * 31 + length;
  }

  /** CIDR text, the address in RFC 5952 form. */
  @Override
  public String toString() {
    return IpLiterals.format(prefix) + "/" + length;
  }
}
