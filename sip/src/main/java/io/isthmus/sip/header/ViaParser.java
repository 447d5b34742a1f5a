package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.IpLiterals;
import io.isthmus.sip.uri.Parameters;
import io.isthmus.sip.uri.SipChars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §25.1), with LWS allowed
 * around '/', ':', ';', '=' and ',' (RFC 4475 wsinv) and the RFC 3581 rport parameter.
 */
final class ViaParser {
  private static final String[] COMMON_TRANSPORTS = {"UDP", "TCP", "TLS"};

  private ViaParser() {}

  static List<Via> parseList(Lexer lx) throws SipParseException {
    List<Via> list = new ArrayList<>(2);
    do {
      list.add(parseOne(lx));
    } while (lx.consumeSeparator(','));
    lx.expectEnd("the Via");
    return list;
  }

  private static Via parseOne(Lexer lx) throws SipParseException {
    lx.consumeSws();
    String name = protocolName(lx);
    lx.expectSeparator('/', "'/' in sent-protocol");
    String version = protocolVersion(lx);
    lx.expectSeparator('/', "'/' in sent-protocol");
    String transport = transport(lx);
    if (!lx.consumeSws()) {
      throw lx.error("expected whitespace before sent-by");
    }
    byte[] b = lx.buffer();
    Host host = Host.parse(b, lx.position(), lx.end());
    lx.position(lx.position() + host.text().length());
    int port = -1;
    if (lx.consumeSeparator(':')) {
      port = (int) lx.expectNumber(65535, "port");
    }
    Parameters.Builder params = new Parameters.Builder(false);
    while (lx.consumeSeparator(';')) {
      String pname = lx.expectToken("Via parameter name");
      String value = null;
      if (lx.consumeSeparator('=')) {
        value = paramValue(lx, pname);
      } else if (requiresValue(pname)) {
        throw lx.error("expected '=' and a value for " + pname);
      }
      params.add(pname, value);
    }
    return new Via(name, version, transport, host, port, params.build());
  }

  // The three sent-protocol tokens are almost always the same few strings: reuse them.
  private static String protocolName(Lexer lx) throws SipParseException {
    lx.expectToken("protocol name");
    return known(lx, "SIP");
  }

  private static String protocolVersion(Lexer lx) throws SipParseException {
    lx.expectToken("protocol version");
    return known(lx, "2.0");
  }

  private static String transport(Lexer lx) throws SipParseException {
    lx.expectToken("transport");
    int len = lx.markEnd() - lx.markStart();
    if (len == 3) {
      for (String t : COMMON_TRANSPORTS) {
        if (matches(lx, t)) {
          return t;
        }
      }
    }
    return lx.markText();
  }

  private static String known(Lexer lx, String value) {
    return matches(lx, value) ? value : lx.markText();
  }

  private static boolean matches(Lexer lx, String value) {
    byte[] b = lx.buffer();
    int start = lx.markStart();
    if (lx.markEnd() - start != value.length()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (b[start + i] != value.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean requiresValue(String name) {
    return name.equalsIgnoreCase("branch")
        || name.equalsIgnoreCase("received")
        || name.equalsIgnoreCase("maddr")
        || name.equalsIgnoreCase("ttl");
  }

  private static String paramValue(Lexer lx, String name) throws SipParseException {
    byte[] b = lx.buffer();
    int start = lx.position();
    if (name.equalsIgnoreCase("branch")) {
      return lx.expectToken("branch value");
    }
    if (name.equalsIgnoreCase("received")) {
      return received(lx);
    }
    if (name.equalsIgnoreCase("rport")) {
      long v = lx.expectNumber(65535, "rport");
      if (v == 0) {
        throw lx.errorAt(start, "rport must be 1..65535");
      }
      return lx.markText();
    }
    if (name.equalsIgnoreCase("ttl")) {
      lx.expectNumber(255, "ttl");
      return lx.markText();
    }
    if (name.equalsIgnoreCase("maddr")) {
      Host h = Host.parse(b, start, lx.end());
      lx.position(start + h.text().length());
      return h.text();
    }
    return NameAddressParser.genValue(lx);
  }

  /**
   * received = IPv4address / IPv6address; RFC 5118 §4.5 asks to accept an IPv6 address in brackets
   * too. Kept as written.
   */
  private static String received(Lexer lx) throws SipParseException {
    byte[] b = lx.buffer();
    int start = lx.position();
    int end = lx.end();
    int p = start;
    boolean bracket = p < end && b[p] == '[';
    if (bracket) {
      p++;
    }
    int addrStart = p;
    while (p < end && (SipChars.isHex(b[p]) || b[p] == ':' || b[p] == '.')) {
      p++;
    }
    int addrEnd = p;
    if (bracket) {
      if (p >= end || b[p] != ']') {
        throw lx.errorAt(p, "expected ']' in received");
      }
      p++;
    }
    boolean ok =
        addrEnd > addrStart
            && (IpLiterals.parseIpv6(b, addrStart, addrEnd) != null
                || (!bracket && IpLiterals.parseIpv4(b, addrStart, addrEnd) != null));
    if (!ok) {
      throw lx.errorAt(start, "received must be an IPv4 or IPv6 address");
    }
    lx.position(p);
    return new String(b, start, p - start, StandardCharsets.ISO_8859_1);
  }
}
