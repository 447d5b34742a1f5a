package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;

/**
 * A URI of a scheme we do not interpret ({@code isbn:}, {@code http://...}, {@code
 * nobodyKnowsThisScheme:totallyopaquecontent}): the scheme and the rest, kept as written (RFC 3261
 * {@code absoluteURI}; RFC 4475 §3.3.2–3.3.4). A proxy answers 416 to such a Request-URI.
 */
public record AbsoluteUri(String schemeAsWritten, String opaque) implements Uri {

  static AbsoluteUri parse(byte[] b, int off, int colon, int end) throws SipParseException {
    int pos = Escapes.scan(b, colon + 1, end, Escapes.URIC);
    if (pos < end) {
      throw new SipParseException(pos, "character not allowed in a URI");
    }
    if (colon + 1 == end) {
      throw new SipParseException(end, "empty URI after the scheme");
    }
    return new AbsoluteUri(Host.ascii(b, off, colon), Host.ascii(b, colon + 1, end));
  }

  @Override
  public String scheme() {
    return Escapes.lowerAscii(schemeAsWritten);
  }

  /** Same scheme (ignoring case) and exactly the same text after it. */
  @Override
  public boolean equivalentTo(Uri other) {
    return other instanceof AbsoluteUri a
        && a.schemeAsWritten.equalsIgnoreCase(schemeAsWritten)
        && a.opaque.equals(opaque);
  }

  @Override
  public String toString() {
    return schemeAsWritten + ':' + opaque;
  }
}
