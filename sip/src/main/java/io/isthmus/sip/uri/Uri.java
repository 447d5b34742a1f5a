package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * A URI as it appears in a Request-URI or in a name-addr: {@link SipUri} for sip/sips, {@link
 * TelUri} for tel, {@link AbsoluteUri} for any other scheme (kept opaque, RFC 3261 §19.1).
 *
 * <p>{@link #toString()} gives the canonical text, which parses back to an equivalent URI.
 */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

  /** The scheme in lower case ({@code sip}, {@code sips}, {@code tel}, ...). */
  String scheme();

  /** URI equivalence: RFC 3261 §19.1.4 for SIP, RFC 3966 §4 for tel, exact text otherwise. */
  boolean equivalentTo(Uri other);

  /**
   * Parses the whole range {@code [off, off+len)} as one URI. Strict: a URI enclosed in {@code <>}
   * (RFC 4475 §3.1.2.7), whitespace inside (§3.1.2.8) and an IPv6 address without brackets (RFC
   * 5118 §4.2) are errors with the offset of the offending byte and status 400.
   */
  static Uri parse(byte[] b, int off, int len) throws SipParseException {
    int end = off + len;
    if (len <= 0) {
      throw new SipParseException(off, "empty URI");
    }
    if (b[off] == '<') {
      throw new SipParseException(off, "URI must not be enclosed in '<' '>' here");
    }
    if (!SipChars.isAlpha(b[off])) {
      throw new SipParseException(off, "URI must start with a scheme");
    }
    int colon = off + 1;
    while (colon < end && SipChars.isSchemeChar(b[colon])) {
      colon++;
    }
    if (colon == end || b[colon] != ':') {
      throw new SipParseException(colon, "expected ':' after the URI scheme");
    }
    int schemeLen = colon - off;
    if (schemeLen == 3 && lower(b, off, "sip")) {
      return SipUriParser.parse(b, colon + 1, end, false);
    }
    if (schemeLen == 4 && lower(b, off, "sips")) {
      return SipUriParser.parse(b, colon + 1, end, true);
    }
    if (schemeLen == 3 && lower(b, off, "tel")) {
      return TelUri.parse(b, colon + 1, end);
    }
    return AbsoluteUri.parse(b, off, colon, end);
  }

  /** Parses a string (UTF-8) as a URI; offsets in errors count bytes of that string. */
  static Uri parse(String text) throws SipParseException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  private static boolean lower(byte[] b, int off, String word) {
    for (int i = 0; i < word.length(); i++) {
      if ((b[off + i] | 0x20) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
