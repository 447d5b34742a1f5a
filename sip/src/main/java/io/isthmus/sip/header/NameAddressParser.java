package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.Parameters;
import io.isthmus.sip.uri.Uri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The grammar of name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1). */
final class NameAddressParser {
  private NameAddressParser() {}

  static List<NameAddress> parseList(Lexer lx) throws SipParseException {
    List<NameAddress> list = new ArrayList<>(2);
    do {
      list.add(parseOne(lx));
    } while (lx.consumeSeparator(','));
    lx.expectEnd("the address list");
    return list;
  }

  static NameAddress parseOne(Lexer lx) throws SipParseException {
    byte[] b = lx.buffer();
    lx.consumeSws();
    int start = lx.position();
    String display = null;
    String displayRaw = null;
    boolean bracketed;
    if (lx.consumeQuotedString()) {
      display = Lexer.unquote(b, lx.markStart(), lx.markEnd());
      // Re-read the raw text as UTF-8 so that a re-serialized header keeps its characters.
      displayRaw =
          new String(b, lx.markStart(), lx.markEnd() - lx.markStart(), StandardCharsets.UTF_8);
      lx.consumeSws();
      bracketed = true;
    } else if (lx.peek() == '<') {
      bracketed = true;
    } else if (lx.consumeToken() && lx.peek() == ':') {
      // "scheme:" — an addr-spec, not a display name.
      lx.position(start);
      bracketed = false;
    } else {
      lx.position(start);
      int lastEnd = displayTokens(lx);
      displayRaw = new String(b, start, lastEnd - start, StandardCharsets.ISO_8859_1);
      display = displayRaw;
      bracketed = true;
    }
    Uri uri = bracketed ? bracketedUri(lx) : addrSpec(lx);
    Parameters params = headerParams(lx);
    return new NameAddress(display, displayRaw, uri, bracketed, params);
  }

  /**
   * display-name = *(token LWS): tokens up to the '<' (which may follow without LWS, RFC 4475
   * lwsdisp). Anything else, such as the comma of an unquoted {@code Bell, Alexander} (baddn), is
   * an error. Returns the end of the last token.
   */
  private static int displayTokens(Lexer lx) throws SipParseException {
    if (!lx.consumeToken()) {
      throw lx.error("expected a name-addr or addr-spec");
    }
    while (true) {
      int lastEnd = lx.markEnd();
      lx.consumeSws();
      if (lx.peek() == '<') {
        return lastEnd;
      }
      if (!lx.consumeToken()) {
        throw lx.error(
            lx.atEnd() ? "expected '<' after the display name" : "display name must be quoted");
      }
    }
  }

  /** LAQUOT addr-spec RAQUOT, with nothing (not even blanks) around the URI inside. */
  private static Uri bracketedUri(Lexer lx) throws SipParseException {
    lx.expect('<', "'<'");
    byte[] b = lx.buffer();
    int uriStart = lx.position();
    int p = uriStart;
    int end = lx.end();
    while (p < end && b[p] != '>') {
      int c = b[p];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        // RFC 4475 §3.1.2.14 badaspec: refused rather than guessed at.
        throw lx.errorAt(p, "whitespace inside '<' '>'");
      }
      p++;
    }
    if (p == end) {
      throw lx.errorAt(end, "expected '>'");
    }
    Uri uri = Uri.parse(b, uriStart, p - uriStart);
    lx.position(p + 1);
    return uri;
  }

  /**
   * An addr-spec outside brackets ends at ';' (header parameters follow), ',' (next list element)
   * or a blank. RFC 3261 §20.10: a URI with ',' '?' or ';' must be in brackets, so a '?' here is an
   * error (RFC 4475 §3.1.2.13 regbadct).
   */
  private static Uri addrSpec(Lexer lx) throws SipParseException {
    byte[] b = lx.buffer();
    int start = lx.position();
    int p = start;
    int end = lx.end();
    while (p < end) {
      int c = b[p];
      if (c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        break;
      }
      if (c == '?') {
        throw lx.errorAt(p, "a URI with headers must be enclosed in '<' '>' (RFC 3261 §20.10)");
      }
      p++;
    }
    Uri uri = Uri.parse(b, start, p - start);
    lx.position(p);
    return uri;
  }

  /** *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ]. */
  static Parameters headerParams(Lexer lx) throws SipParseException {
    Parameters.Builder params = null;
    while (lx.consumeSeparator(';')) {
      String name = lx.expectToken("parameter name");
      String value = null;
      if (lx.consumeSeparator('=')) {
        value = genValue(lx);
      }
      if (params == null) {
        params = new Parameters.Builder(false);
      }
      params.add(name, value);
    }
    return params == null ? Parameters.EMPTY : params.build();
  }

  /** gen-value = token / host / quoted-string, returned as written. */
  static String genValue(Lexer lx) throws SipParseException {
    byte[] b = lx.buffer();
    if (lx.consumeQuotedString()) {
      return new String(b, lx.markStart(), lx.markEnd() - lx.markStart(), StandardCharsets.UTF_8);
    }
    if (lx.peek() == '[') {
      Host h = Host.parse(b, lx.position(), lx.end());
      lx.position(lx.position() + h.text().length());
      return h.text();
    }
    if (!lx.consumeToken()) {
      throw lx.error("expected parameter value");
    }
    return lx.markText();
  }

  static boolean isWildcard(Lexer lx) {
    int start = lx.position();
    lx.consumeSws();
    if (lx.consume('*')) {
      lx.consumeSws();
      if (lx.atEnd()) {
        return true;
      }
    }
    lx.position(start);
    return false;
  }
}
