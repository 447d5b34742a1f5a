package io.isthmus.sip.header;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the header grammars. The first input byte picks the grammar (Via, name-addr, address list,
 * Contact, CSeq, Max-Forwards, Call-ID, Content-Length); the rest is the header value, given at an
 * offset inside a larger buffer. Under plain {@code mvn test} it replays {@code
 * HeaderGrammarFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Properties: only {@link SipParseException} escapes, with an offset inside the value; what is
 * accepted serializes to text that parses again to the same structure and the same text.
 */
class HeaderGrammarFuzzTest {
  private static final int PAD = 2;

  @FuzzTest(maxDuration = "60s")
  void parsesAndRoundTrips(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int grammar = (input[0] & 0xFF) % 8;
    int len = input.length - 1;
    byte[] buf = new byte[PAD + len + 2];
    java.util.Arrays.fill(buf, (byte) ',');
    System.arraycopy(input, 1, buf, PAD, len);
    try {
      switch (grammar) {
        case 0 -> vias(Via.parseList(buf, PAD, len));
        case 1 -> nameAddress(NameAddress.parse(buf, PAD, len));
        case 2 -> NameAddress.parseList(buf, PAD, len).forEach(HeaderGrammarFuzzTest::nameAddress);
        case 3 ->
            Contacts.parse(buf, PAD, len).addresses().forEach(HeaderGrammarFuzzTest::nameAddress);
        case 4 -> cseq(CSeq.parse(buf, PAD, len));
        case 5 -> check(MaxForwards.parse(buf, PAD, len) <= 255, "Max-Forwards > 255");
        case 6 -> check(!CallId.parse(buf, PAD, len).isEmpty(), "empty Call-ID");
        default -> check(ContentLength.parse(buf, PAD, len) >= 0, "negative Content-Length");
      }
    } catch (SipParseException e) {
      check(e.offset() >= PAD && e.offset() <= PAD + len, "offset out of range: " + e);
      check(!e.reason().isEmpty(), "empty reason");
    }
  }

  private static void vias(List<Via> vias) throws SipParseException {
    for (Via v : vias) {
      v.isRfc3261Branch();
      v.rport();
      v.ttl();
      String text = v.toString();
      List<Via> again = Via.parseList(bytes(text), 0, bytes(text).length);
      check(again.size() == 1, "one Via became " + again.size() + ": " + text);
      check(again.getFirst().toString().equals(text), "Via text not stable: " + text);
      check(
          again.getFirst().parameters().equals(v.parameters()), "Via parameters changed: " + text);
    }
  }

  private static void nameAddress(NameAddress na) {
    String text = na.toString();
    NameAddress again;
    try {
      again = NameAddress.parse(bytes(text), 0, bytes(text).length);
    } catch (SipParseException e) {
      throw new AssertionError("serialized address does not parse: " + text, e);
    }
    check(again.toString().equals(text), "address text not stable: " + text + " -> " + again);
    check(again.uri().equivalentTo(na.uri()), "URI changed: " + text);
    check(same(again.displayName(), na.displayName()), "display name changed: " + text);
    Parameters p = na.parameters();
    check(again.parameters().equals(p), "parameters changed: " + text);
  }

  private static void cseq(CSeq c) throws SipParseException {
    String text = c.toString();
    check(CSeq.parse(bytes(text), 0, bytes(text).length).equals(c), "CSeq changed: " + text);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
