package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatelessResponsesTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void answersAParsedRequestWithEchoedHeadersAToTagAndAWarning() throws Exception {
    byte[] b =
        bytes(
            "INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.11:5062;branch=z9hG4bK1\r\n"
                + "From: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: sl@127.0.1.11\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
    SipRequest r = (SipRequest) SipParser.parseDatagram(b, 0, b.length);
    SipResponse a = StatelessResponses.answer(r, 403, "127.0.1.1:5060", "say \"no\"");
    SipResponse again = StatelessResponses.answer(r, 403, "127.0.1.1:5060", "say \"no\"");
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.reasonPhrase()).isEqualTo("Forbidden");
    assertThat(a.topVia().branch()).isEqualTo("z9hG4bK1");
    assertThat(a.to().tag()).startsWith("sl").isEqualTo(again.to().tag());
    assertThat(a.headerValue(HeaderName.WARNING)).contains("399 127.0.1.1:5060 \"say \\\"no\\\"\"");
  }

  @Test
  void assemblesA400FromRawLinesWhenTheStartLineIsBroken() {
    byte[] b =
        bytes(
            "INVITE sip:bob@example.com SIP/7.0\r\n"
                + "v: SIP/2.0/UDP 127.0.1.11:5062;branch=z9hG4bK1,\r\n"
                + " SIP/2.0/UDP 127.0.1.12;branch=z9hG4bK0\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "i: raw@127.0.1.11\r\n"
                + "CSeq : 1 INVITE\r\n"
                + "\r\n");
    byte[] answer = RawBadRequest.answer(b, 0, b.length, 505, "399 127.0.1.1:5060 \"why\"");
    assertThat(new String(answer, StandardCharsets.UTF_8))
        .isEqualTo(
            "SIP/2.0 505 Version Not Supported\r\n"
                + "v: SIP/2.0/UDP 127.0.1.11:5062;branch=z9hG4bK1,\r\n"
                + " SIP/2.0/UDP 127.0.1.12;branch=z9hG4bK0\r\n"
                + "From: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "i: raw@127.0.1.11\r\n"
                + "CSeq : 1 INVITE\r\n"
                + "Warning: 399 127.0.1.1:5060 \"why\"\r\n"
                + "Content-Length: 0\r\n\r\n");
  }

  @Test
  void staysSilentForResponsesAcksNoiseAndRequestsWithoutVia() {
    String tail = "Via: SIP/2.0/UDP 127.0.1.11;branch=z9hG4bK1\r\nCall-ID: x\r\n\r\n";
    for (String s :
        new String[] {
          "SIP/2.0 200 OK\r\n" + tail,
          "ACK sip:bob@example.com SIP/2.0\r\n" + tail,
          "\u0000\u0001binary\r\n" + tail,
          "",
          "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\n",
        }) {
      byte[] b = bytes(s);
      assertThat(RawBadRequest.answer(b, 0, b.length, 400, "399 a \"b\"")).as(s).isNull();
    }
  }

  @Test
  void warningTextIsAValidQuotedString() {
    assertThat(StatelessResponses.warning("h:1", "a\\b\r\n\"c\""))
        .isEqualTo("399 h:1 \"a\\\\b  \\\"c\\\"\"");
  }
}
