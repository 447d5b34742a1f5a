package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Parameters;
import io.isthmus.sip.uri.Uri;
import java.util.List;

/**
 * The value of a From, To, Contact, Route or Record-Route header: ( name-addr / addr-spec ) *( SEMI
 * param ) (RFC 3261 §20.10, §25.1). Parameters after the address belong to the header, not to the
 * URI: in {@code sip:a@b;x} {@code x} is a header parameter, in {@code <sip:a@b;x>} a URI parameter
 * (RFC 4475 §3.3.12-13).
 *
 * <p>Liberal-or-strict decisions (RFC 4475 §3.1.2): an unquoted display name with non-token
 * characters ({@code Bell, Alexander}, baddn), whitespace just inside the angle brackets
 * (badaspec), an addr-spec with URI headers ({@code ?}, regbadct) and an unterminated quote
 * (quotbal) are all refused with 400 and the offset of the offending byte.
 */
public final class NameAddress {
  private final String displayName;
  private final String displayNameRaw;
  private final Uri uri;
  private final boolean bracketed;
  private final Parameters parameters;

  NameAddress(
      String displayName,
      String displayNameRaw,
      Uri uri,
      boolean bracketed,
      Parameters parameters) {
    this.displayName = displayName;
    this.displayNameRaw = displayNameRaw;
    this.uri = uri;
    this.bracketed = bracketed;
    this.parameters = parameters;
  }

  /** Parses one header value that holds exactly one address. */
  public static NameAddress parse(byte[] b, int off, int len) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    NameAddress na = NameAddressParser.parseOne(lx);
    lx.expectEnd("the address");
    return na;
  }

  /** Parses a comma-separated list of addresses (Contact, Route, Record-Route). */
  public static List<NameAddress> parseList(byte[] b, int off, int len) throws SipParseException {
    return NameAddressParser.parseList(new Lexer(b, off, len));
  }

  /** A name-addr {@code <uri>} without display name or parameters. */
  public static NameAddress of(Uri uri) {
    return new NameAddress(null, null, uri, true, Parameters.EMPTY);
  }

  /** A name-addr {@code "display" <uri>}; the display name is quoted and escaped as needed. */
  public static NameAddress of(String displayName, Uri uri) {
    return new NameAddress(displayName, quote(displayName), uri, true, Parameters.EMPTY);
  }

  /** The display name, unquoted and with quoted-pairs resolved; null when absent. */
  public String displayName() {
    return displayName;
  }

  /** The URI. */
  public Uri uri() {
    return uri;
  }

  /** True when the URI was (or will be) written in angle brackets. */
  public boolean bracketed() {
    return bracketed;
  }

  /** The header parameters (tag, q, expires, ...), values as written. */
  public Parameters parameters() {
    return parameters;
  }

  /** A header parameter value as written, null when absent or a flag. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  /** The tag parameter (dialog identification, RFC 3261 §19.3), or null. */
  public String tag() {
    return parameters.get("tag");
  }

  /** This address with the tag set (a UAS or a proxy answering adds the To tag). */
  public NameAddress withTag(String tag) {
    return withParameter("tag", tag);
  }

  /** This address with a header parameter set (null value for a flag). */
  public NameAddress withParameter(String name, String value) {
    return new NameAddress(
        displayName, displayNameRaw, uri, bracketed, parameters.with(name, value));
  }

  /** This address with another URI (always written in angle brackets). */
  public NameAddress withUri(Uri newUri) {
    return new NameAddress(displayName, displayNameRaw, newUri, true, parameters);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(64);
    if (displayNameRaw != null) {
      sb.append(displayNameRaw).append(' ');
    }
    if (bracketed) {
      sb.append('<').append(uri).append('>');
    } else {
      sb.append(uri);
    }
    parameters.appendTo(sb, ';');
    return sb.toString();
  }

  /** Quotes a display name: '"' and '\' escaped, line breaks (not escapable) made blanks. */
  static String quote(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        sb.append(' ');
      } else if (c == '"' || c == '\\' || c < 0x20 && c != '\t' || c == 0x7F) {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
