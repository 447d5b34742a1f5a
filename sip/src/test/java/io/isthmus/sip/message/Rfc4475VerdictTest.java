package io.isthmus.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.SipParseException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 torture messages: each datagram is parsed and validated as a proxy would, and gives the
 * verdict in the table (shared/testdata/rfc4475/README.md). Where the RFC allows a liberal accept
 * or a 400, the row says which we chose and why.
 */
class Rfc4475VerdictTest {
  private static final SipValidator PROXY = new SipValidator(Set.of("100rel", "timer", "path"));

  private static final String ACCEPT = "ACCEPT";
  private static final String DROP = "DROP";

  static Stream<Arguments> table() {
    return Stream.of(
        // §3.1.1 valid messages: must be accepted
        row("wsinv", ACCEPT, "folding, LWS, compact forms: all well formed"),
        row("intmeth", ACCEPT, "unknown method: a proxy forwards it"),
        row("esc01", ACCEPT, "valid % escapes"),
        row("escnull", ACCEPT, "%00 in user parts"),
        row("esc02", ACCEPT, "RE%47IST%45R is an unknown method, CSeq agrees"),
        row("lwsdisp", ACCEPT, "no LWS before <"),
        row("longreq", ACCEPT, "long values, 28 Vias"),
        row("dblreq", ACCEPT, "trailing octets after Content-Length ignored"),
        row("semiuri", ACCEPT, "; in user part"),
        row("transports", ACCEPT, "unknown transports in Via"),
        row("mpart01", ACCEPT, "binary multipart body framed by Content-Length"),
        row("unreason", ACCEPT, "UTF-8 reason phrase"),
        row("noreason", ACCEPT, "empty reason phrase"),
        // §3.1.2 invalid messages
        row("badinv01", "400", "empty Via and Contact elements"),
        row("clerr", "400", "Content-Length beyond the datagram"),
        row("ncl", "400", "negative Content-Length"),
        row("scalar02", "400", "CSeq above 2^31"),
        row("scalarlg", DROP, "response with overlarge CSeq"),
        row("quotbal", "400", "strict: unterminated quote; inferring it could misroute"),
        row("ltgtruri", "400", "strict: <> around the Request-URI"),
        row("lwsruri", "400", "LWS inside the Request-URI"),
        row("lwsstart", "400", "strict: extra SPs would be forwarded, the start line is copied"),
        row("trws", "400", "strict: trailing SPs would be forwarded, the start line is copied"),
        row("escruri", "400", "strict: headers in a Request-URI (§19.1.5) instead of stripping"),
        row("baddate", ACCEPT, "liberal: a proxy never reads Date, so it is not its error"),
        row("regbadct", "400", "strict: addr-spec with '?' outside <> is ambiguous"),
        row("badaspec", "400", "strict: spaces inside <> around the addr-spec"),
        row("baddn", "400", "strict: unquoted display name with a comma"),
        row("badvers", "505", "SIP/7.0"),
        row("mismatch01", "400", "CSeq method OPTIONS vs INVITE"),
        row("mismatch02", "501", "unknown method NEWMETHOD with CSeq INVITE: 501 preferred"),
        row("bigcode", DROP, "status code of 10 digits"),
        // §3.2
        row("badbranch", ACCEPT, "liberal: bare magic cookie is treated as an RFC 2543 branch"),
        // §3.3 well-formed, application semantics
        row("insuf", "400", "no To, From, Call-ID"),
        row("unkscm", "416", "unknown Request-URI scheme"),
        row("novelsc", "416", "soap.beep is never routed by this proxy"),
        row("unksm2", ACCEPT, "odd schemes in To/From/Contact: a proxy routes on the R-URI"),
        row("bext01", "420", "Proxy-Require tags not supported"),
        row("invut", ACCEPT, "unknown Content-Type: proxies forward"),
        row("regaut01", ACCEPT, "unknown auth scheme: a registrar's concern"),
        row("multi01", "400", "two CSeq, Call-ID, To, From, Max-Forwards"),
        row("mcl01", "400", "two different Content-Lengths"),
        row("bcast", DROP, "next Via is 255.255.255.255"),
        row("zeromf", "483", "Max-Forwards 0 (OPTIONS: may be answered locally instead)"),
        row("cparam01", ACCEPT, "contact parameter"),
        row("cparam02", ACCEPT, "URI parameter"),
        row("regescrt", ACCEPT, "escaped header inside <>"),
        row("sdp01", ACCEPT, "Accept is the UAS's concern"),
        // §3.4
        row("inv2543", ACCEPT, "RFC 2543: no branch, no tag, no Content-Length, no Max-Forwards"),
        row("test", "400", "no SIP-Version, a header line without colon"));
  }

  private static Arguments row(String file, String verdict, String why) {
    return Arguments.of(file, verdict, why);
  }

  @Test
  void tableCoversEveryMessage() {
    assertThat(table().map(a -> (String) a.get()[0]))
        .containsExactlyInAnyOrderElementsOf(TestMessages.RFC4475);
  }

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @MethodSource("table")
  void givesTheExpectedVerdict(String file, String expected, String why) {
    Verdict v = verdict(TestMessages.rfc4475(file));
    String actual =
        switch (v.kind()) {
          case ACCEPT -> ACCEPT;
          case DROP -> DROP;
          case REJECT -> Integer.toString(v.status());
        };
    assertThat(actual).as("%s: %s", file, v).isEqualTo(expected);
  }

  static Verdict verdict(byte[] datagram) {
    try {
      return PROXY.validate(SipParser.parseDatagram(datagram, 0, datagram.length));
    } catch (SipParseException e) {
      return SipValidator.forParseError(datagram, 0, datagram.length, e);
    }
  }

  @Test
  void zeroMaxForwardsOnOptionsMayBeAnsweredLocally() {
    Verdict v = verdict(TestMessages.rfc4475("zeromf"));
    assertThat(v.mayAnswerLocally()).isTrue();
    assertThat(v.reason()).isEqualTo("Too Many Hops");
  }

  @Test
  void badExtensionListsTheProxyRequireTagsInUnsupported() {
    Verdict v = verdict(TestMessages.rfc4475("bext01"));
    assertThat(v.headers())
        .containsExactly(
            new HeaderField(
                HeaderName.UNSUPPORTED, "noProxiesSupportThis, norDoAnyProxiesSupportThis"));
  }
}
