package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;

/**
 * SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ] (RFC 3261 §25.1), over a byte
 * range that holds exactly one URI. One left-to-right pass; offsets are relative to the buffer.
 */
final class SipUriParser {
  private SipUriParser() {}

  /** Parses {@code [pos, end)}, the part after "sip:" or "sips:". */
  static SipUri parse(byte[] b, int pos, int end, boolean secure) throws SipParseException {
    String user = null;
    String password = null;
    // The user part may hold ';' '?' '/' (semiuri, intmeth), so only an '@' after the longest run
    // of userinfo characters tells that there is a userinfo at all: '@' appears nowhere else.
    int userEnd = Escapes.scan(b, pos, end, Escapes.USER);
    int at = -1;
    int passwordStart = -1;
    if (userEnd < end && b[userEnd] == '@') {
      at = userEnd;
    } else if (userEnd < end && b[userEnd] == ':') {
      int p = Escapes.scan(b, userEnd + 1, end, Escapes.PASSWORD);
      if (p < end && b[p] == '@') {
        at = p;
        passwordStart = userEnd + 1;
      }
    }
    if (at >= 0) {
      if (userEnd == pos) {
        throw new SipParseException(pos, "empty user part before '@'");
      }
      user = Host.ascii(b, pos, userEnd);
      if (passwordStart >= 0) {
        password = Host.ascii(b, passwordStart, at);
      }
      pos = at + 1;
    }
    Host host = Host.parse(b, pos, end);
    pos += host.text().length();
    int port = -1;
    if (pos < end && b[pos] == ':') {
      pos++;
      int digitsStart = pos;
      port = 0;
      while (pos < end && SipChars.isDigit(b[pos])) {
        port = port * 10 + (b[pos] - '0');
        pos++;
        if (port > 65535) {
          throw new SipParseException(digitsStart, "port out of range");
        }
      }
      if (pos == digitsStart) {
        throw new SipParseException(pos, "expected port digits after ':'");
      }
    }
    Parameters.Builder params = new Parameters.Builder(true);
    while (pos < end && b[pos] == ';') {
      int nameStart = pos + 1;
      int nameEnd = Escapes.scan(b, nameStart, end, Escapes.PARAM);
      if (nameEnd == nameStart) {
        throw new SipParseException(nameStart, "empty URI parameter name");
      }
      String value = null;
      pos = nameEnd;
      if (pos < end && b[pos] == '=') {
        int valueStart = pos + 1;
        pos = Escapes.scan(b, valueStart, end, Escapes.PARAM);
        if (pos == valueStart) {
          throw new SipParseException(valueStart, "empty URI parameter value");
        }
        value = Host.ascii(b, valueStart, pos);
      }
      params.add(Host.ascii(b, nameStart, nameEnd), value);
    }
    Parameters.Builder headers = new Parameters.Builder(true);
    if (pos < end && b[pos] == '?') {
      do {
        int nameStart = pos + 1;
        int nameEnd = Escapes.scan(b, nameStart, end, Escapes.HEADER);
        if (nameEnd == nameStart) {
          throw new SipParseException(nameStart, "empty URI header name");
        }
        if (nameEnd == end || b[nameEnd] != '=') {
          throw new SipParseException(nameEnd, "expected '=' in URI header");
        }
        pos = Escapes.scan(b, nameEnd + 1, end, Escapes.HEADER);
        headers.add(Host.ascii(b, nameStart, nameEnd), Host.ascii(b, nameEnd + 1, pos));
      } while (pos < end && b[pos] == '&');
    }
    if (pos < end) {
      int c = b[pos] & 0xFF;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        throw new SipParseException(pos, "whitespace inside a SIP URI");
      }
      throw new SipParseException(pos, "character not allowed here in a SIP URI");
    }
    return new SipUri(secure, user, password, host, port, params.build(), headers.build());
  }
}
