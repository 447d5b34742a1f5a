package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import java.util.List;

/**
 * The value of a Contact header: either {@code *} (a REGISTER removing all bindings, RFC 3261
 * §10.2.2) or a list of addresses with contact parameters (q, expires, ...).
 *
 * @param wildcard true for {@code Contact: *}
 * @param addresses the addresses, empty for the wildcard
 */
public record Contacts(boolean wildcard, List<NameAddress> addresses) {
  /** Contact: *. */
  public static final Contacts WILDCARD = new Contacts(true, List.of());

  /** Compact form of the record. */
  public Contacts {
    addresses = List.copyOf(addresses);
  }

  /** Parses one Contact header value. */
  public static Contacts parse(byte[] b, int off, int len) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    if (NameAddressParser.isWildcard(lx)) {
      return WILDCARD;
    }
    return new Contacts(false, NameAddressParser.parseList(lx));
  }
}
