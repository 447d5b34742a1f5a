package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipChars;
import java.nio.charset.StandardCharsets;

/**
 * Call-ID = word [ "@" word ] (RFC 3261 §20.8, §25.1). The word alphabet is wide ({@code
 * intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{} is valid, RFC 4475 intmeth); comparison is
 * byte-exact.
 */
public final class CallId {
  private CallId() {}

  /** Validates a Call-ID value and returns it without surrounding blanks. */
  public static String parse(byte[] b, int off, int len) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    lx.consumeSws();
    int start = lx.position();
    int end = lx.end();
    int p = word(b, start, end);
    if (p == start) {
      throw lx.error("expected Call-ID");
    }
    if (p < end && b[p] == '@') {
      int second = word(b, p + 1, end);
      if (second == p + 1) {
        throw lx.errorAt(p + 1, "expected a word after '@' in Call-ID");
      }
      p = second;
    }
    lx.position(p);
    lx.expectEnd("the Call-ID");
    return new String(b, start, p - start, StandardCharsets.ISO_8859_1);
  }

  private static int word(byte[] b, int p, int end) {
    while (p < end && SipChars.isWord(b[p])) {
      p++;
    }
    return p;
  }
}
