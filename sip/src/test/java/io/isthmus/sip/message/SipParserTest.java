package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.crlf;
import static io.isthmus.sip.message.TestMessages.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipParserTest {
  private static final String HEADERS =
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
          + "To: <sip:bob@example.com>\r\n"
          + "From: <sip:alice@example.com>;tag=1\r\n"
          + "Call-ID: abc@example.com\r\n"
          + "CSeq: 1 OPTIONS\r\n"
          + "Max-Forwards: 70\r\n";

  private static SipParseException parseError(byte[] b) {
    try {
      parse(b);
    } catch (SipParseException e) {
      return e;
    }
    throw new AssertionError("parsed: " + new String(b, StandardCharsets.ISO_8859_1));
  }

  @Test
  void parsesRequestLineIntoMethodUriAndHeaders() throws Exception {
    byte[] b =
        ("OPTIONS sip:bob@example.com SIP/2.0\r\n" + HEADERS + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    SipRequest r = (SipRequest) parse(b);
    assertThat(r.method()).isSameAs(Method.OPTIONS);
    assertThat(r.requestUriText()).isEqualTo("sip:bob@example.com");
    assertThat(r.headerValue(HeaderName.CALL_ID)).hasValue("abc@example.com");
    assertThat(r.headerValue(HeaderName.of("call-id"))).hasValue("abc@example.com");
    assertThat(r.contentLength()).isZero();
    assertThat(r.bodyLength()).isZero();
  }

  @Test
  void extensionMethodsAreCaseSensitive() throws Exception {
    SipRequest r =
        (SipRequest)
            parse(
                ("invite sip:b@example.com SIP/2.0\r\n" + HEADERS + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
    assertThat(r.method()).isNotEqualTo(Method.INVITE);
    assertThat(r.method().name()).isEqualTo("invite");
    assertThat(r.method().isKnown()).isFalse();
  }

  @Test
  void parsesStatusLineWithEmptyAndUtf8Reason() throws Exception {
    SipResponse empty = (SipResponse) parse(crlf("SIP/2.0 100 ", "Call-ID: x", "", ""));
    assertThat(empty.status()).isEqualTo(100);
    assertThat(empty.reasonPhrase()).isEmpty();
    SipResponse utf8 = (SipResponse) parse(crlf("SIP/2.0 486 Занято", "Call-ID: x", "", ""));
    assertThat(utf8.reasonPhrase()).isEqualTo("Занято");
  }

  @Test
  void rejectsStatusCodesOutsideThreeDigitsAndRange() {
    assertThat(parseError(crlf("SIP/2.0 4294967301 big", "", "")).offset()).isEqualTo(11);
    assertThat(parseError(crlf("SIP/2.0 099 low", "", "")).status()).isEqualTo(400);
    assertThat(parseError(crlf("SIP/2.0 700 high", "", "")).status()).isEqualTo(400);
    assertThat(parseError(crlf("SIP/2.0 200", "", "")).reason()).contains("SP expected");
  }

  @Test
  void unknownVersionIs505AndMalformedVersionIs400() {
    assertThat(parseError(crlf("INVITE sip:a@b SIP/7.0", "", "")).status()).isEqualTo(505);
    assertThat(parseError(crlf("INVITE sip:a@b SIP/2.0  ", "", "")).status()).isEqualTo(400);
    assertThat(parseError(crlf("INVITE sip:a@b", "", "")).status()).isEqualTo(400);
    assertThat(parseError(crlf("INVITE  sip:a@b SIP/2.0", "", "")).offset()).isEqualTo(7);
  }

  @Test
  void skipsLeadingCrlfBeforeStartLine() throws Exception {
    byte[] b = crlf("", "", "OPTIONS sip:a@b SIP/2.0", "Call-ID: x", "", "");
    SipMessage m = parse(b);
    assertThat(m.toBytes()).isEqualTo(crlf("OPTIONS sip:a@b SIP/2.0", "Call-ID: x", "", ""));
  }

  @Test
  void resolvesCompactFormsCaseInsensitively() throws Exception {
    SipMessage m =
        parse(
            crlf(
                "OPTIONS sip:a@b SIP/2.0",
                "I: id1",
                "V: SIP/2.0/UDP h",
                "t: <sip:x@y>",
                "f: <sip:z@y>;tag=2",
                "L: 0",
                "",
                ""));
    assertThat(m.headerValue(HeaderName.CALL_ID)).hasValue("id1");
    assertThat(m.headerValue(HeaderName.VIA)).hasValue("SIP/2.0/UDP h");
    assertThat(m.headerValue(HeaderName.TO)).hasValue("<sip:x@y>");
    assertThat(m.headerValue(HeaderName.FROM)).hasValue("<sip:z@y>;tag=2");
    assertThat(m.contentLength()).isZero();
    for (String[] pair :
        new String[][] {
          {"e", "Content-Encoding"},
          {"c", "Content-Type"},
          {"s", "Subject"},
          {"k", "Supported"},
          {"r", "Refer-To"},
          {"o", "Event"},
          {"u", "Allow-Events"},
          {"a", "Accept-Contact"},
          {"b", "Referred-By"},
          {"x", "Session-Expires"},
          {"y", "Identity"},
          {"d", "Request-Disposition"},
          {"j", "Reject-Contact"},
          {"m", "Contact"}
        }) {
      assertThat(HeaderName.of(pair[0])).as(pair[0]).isSameAs(HeaderName.of(pair[1]));
    }
  }

  @Test
  void foldedLinesBelongToThePreviousHeader() throws Exception {
    SipMessage m =
        parse(
            crlf("OPTIONS sip:a@b SIP/2.0", "Subject: one", "  two", "\tthree", "X-A: b", "", ""));
    assertThat(m.headerValue(HeaderName.SUBJECT)).hasValue("one two three");
    assertThat(m.headerValue(HeaderName.of("x-a"))).hasValue("b");
  }

  @Test
  void splitsCommaListsOutsideQuotesAndAngleBrackets() throws Exception {
    SipMessage m =
        parse(
            crlf(
                "OPTIONS sip:a@b SIP/2.0",
                "Contact: \"a, b\" <sip:x@y;p=\"1,2\">, <sip:z@y?h=a,b>",
                "Contact: <sip:w@y>",
                "Date: Sat, 13 Nov 2010 23:29:00 GMT",
                "",
                ""));
    assertThat(m.headerValues(HeaderName.CONTACT))
        .containsExactly("\"a, b\" <sip:x@y;p=\"1,2\">", "<sip:z@y?h=a,b>", "<sip:w@y>");
    assertThat(m.valueCount(HeaderName.CONTACT)).isEqualTo(3);
    assertThat(m.headerValues(HeaderName.DATE)).containsExactly("Sat, 13 Nov 2010 23:29:00 GMT");
  }

  @Test
  void datagramBodyIsContentLengthBytesAndTrailingOctetsAreIgnored() throws Exception {
    byte[] b = crlf("MESSAGE sip:a@b SIP/2.0", "l: 5", "", "helloTRAILING");
    SipMessage m = parse(b);
    assertThat(m.bodyBytes()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(m.size()).isEqualTo(b.length - "TRAILING".length());
    assertThat(m.body().remaining()).isEqualTo(5);
    assertThat(m.body().isReadOnly()).isTrue();
  }

  @Test
  void datagramWithoutContentLengthTakesTheRestAsBody() throws Exception {
    SipMessage m = parse(crlf("MESSAGE sip:a@b SIP/2.0", "Call-ID: x", "", "all of it"));
    assertThat(m.contentLength()).isEqualTo(-1);
    assertThat(new String(m.bodyBytes(), StandardCharsets.US_ASCII)).isEqualTo("all of it");
  }

  @Test
  void contentLengthErrorsAre400() {
    assertThat(
            parseError(crlf("MESSAGE sip:a@b SIP/2.0", "Content-Length: 9999", "", "short"))
                .status())
        .isEqualTo(400);
    assertThat(parseError(crlf("MESSAGE sip:a@b SIP/2.0", "Content-Length: -1", "", "")).reason())
        .contains("decimal");
    assertThat(parseError(crlf("MESSAGE sip:a@b SIP/2.0", "Content-Length: 1x", "", "x")).status())
        .isEqualTo(400);
    assertThat(
            parseError(crlf("MESSAGE sip:a@b SIP/2.0", "Content-Length: 1", "l: 2", "", "xy"))
                .reason())
        .contains("different");
  }

  @Test
  void headerLineErrorsCarryTheirOffset() {
    byte[] b = crlf("OPTIONS sip:a@b SIP/2.0", "Foobar roobar", "", "");
    SipParseException e = parseError(b);
    assertThat(e.offset()).isEqualTo(25 + 7); // the "r" of roobar, where the colon should be
    assertThat(e.reason()).contains("':'");
    assertThat(parseError(crlf("OPTIONS sip:a@b SIP/2.0", " folded-first: x", "", "")).reason())
        .contains("continuation");
    assertThat(
            parseError(
                    "OPTIONS sip:a@b SIP/2.0\r\nA: b\nC: d\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII))
                .reason())
        .contains("LF without CR");
    assertThat(parseError(crlf("OPTIONS sip:a@b SIP/2.0", "A: b")).reason()).contains("not ended");
  }

  @Test
  void limitsGive513ForSizeAnd400ForCountAndLineLength() {
    SipLimits small = new SipLimits(200, 3, 40);
    byte[] big = crlf("MESSAGE sip:a@b SIP/2.0", "", "x".repeat(300));
    assertThatThrownBy(() -> SipParser.parseDatagram(big, 0, big.length, small))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.status()).isEqualTo(513));
    byte[] many = crlf("OPTIONS sip:a@b SIP/2.0", "A: 1", "B: 2", "C: 3", "D: 4", "", "");
    assertThatThrownBy(() -> SipParser.parseDatagram(many, 0, many.length, small))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.reason()).contains("more than 3"));
    byte[] longLine = crlf("OPTIONS sip:a@b SIP/2.0", "Subject: " + "y".repeat(60), "", "");
    assertThatThrownBy(() -> SipParser.parseDatagram(longLine, 0, longLine.length, small))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void parsesASliceOfALargerBuffer() throws Exception {
    byte[] msg = crlf("OPTIONS sip:a@b SIP/2.0", "Call-ID: x", "l: 0", "", "");
    byte[] buf = new byte[msg.length + 20];
    System.arraycopy(msg, 0, buf, 10, msg.length);
    SipMessage m = SipParser.parseDatagram(buf, 10, msg.length);
    assertThat(m.toBytes()).isEqualTo(msg);
  }
}
