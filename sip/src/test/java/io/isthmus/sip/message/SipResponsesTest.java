package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.crlf;
import static io.isthmus.sip.message.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipResponsesTest {
  private static final byte[] REQUEST =
      crlf(
          "INVITE sip:bob@example.com SIP/2.0",
          "Via: SIP/2.0/UDP p.example.com;branch=z9hG4bKp",
          "v: SIP/2.0/UDP c.example.com;branch=z9hG4bKc;rport",
          "t: <sip:bob@example.com>",
          "From: <sip:alice@example.com>;tag=a1",
          "Call-ID: call-1",
          "CSeq: 7 INVITE",
          "Max-Forwards: 70",
          "Content-Type: text/plain",
          "Content-Length: 2",
          "",
          "hi");

  @Test
  void copiesViasFromToCallIdCSeqByteForByte() throws Exception {
    SipRequest req = (SipRequest) TestMessages.parse(REQUEST);
    SipResponse resp = SipResponses.forRequest(req, 404, "Not Found");
    assertThat(text(resp.toBytes()))
        .isEqualTo(
            text(
                crlf(
                    "SIP/2.0 404 Not Found",
                    "Via: SIP/2.0/UDP p.example.com;branch=z9hG4bKp",
                    "v: SIP/2.0/UDP c.example.com;branch=z9hG4bKc;rport",
                    "From: <sip:alice@example.com>;tag=a1",
                    "t: <sip:bob@example.com>",
                    "Call-ID: call-1",
                    "CSeq: 7 INVITE",
                    "Content-Length: 0",
                    "",
                    "")));
    assertThat(resp.vias()).hasSize(2);
    assertThat(resp.cseq().number()).isEqualTo(7);
  }

  @Test
  void addsToTagOnlyWhenMissing() throws Exception {
    SipRequest req = (SipRequest) TestMessages.parse(REQUEST);
    SipResponse tagged = SipResponses.forRequest(req, 486, "Busy Here", "xyz");
    assertThat(tagged.to().tag()).isEqualTo("xyz");
    SipRequest inDialog =
        req.edit().setHeader(HeaderName.TO, "<sip:bob@example.com>;tag=b2").build();
    assertThat(SipResponses.forRequest(inDialog, 200, "OK", "xyz").to().tag()).isEqualTo("b2");
  }

  @Test
  void refusesBadStatusAndReason() throws Exception {
    SipRequest req = (SipRequest) TestMessages.parse(REQUEST);
    assertThatThrownBy(() -> SipResponses.forRequest(req, 99, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipResponses.forRequest(req, 400, "a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersEvenARequestWithMissingHeaders() throws Exception {
    byte[] insuf = TestMessages.rfc4475("insuf");
    SipRequest req = (SipRequest) TestMessages.parse(insuf);
    SipResponse resp = SipResponses.forRequest(req, 400, "Missing To", "t1");
    assertThat(resp.status()).isEqualTo(400);
    assertThat(resp.hasHeader(HeaderName.TO)).isFalse();
    assertThat(resp.cseq().number()).isEqualTo(193942);
  }

  @Test
  void builderMakesARequestWithContentLength() throws Exception {
    SipRequest options =
        SipRequest.builder(Method.OPTIONS, "sip:gw1.example.net:5060")
            .header(HeaderName.VIA, "SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bKprobe1")
            .header(HeaderName.FROM, "<sip:isthmus@127.0.1.1>;tag=p1")
            .header(HeaderName.TO, "<sip:gw1.example.net>")
            .header(HeaderName.CALL_ID, "probe-1")
            .header(HeaderName.CSEQ, "1 OPTIONS")
            .header(HeaderName.MAX_FORWARDS, "70")
            .build();
    assertThat(options.method()).isSameAs(Method.OPTIONS);
    assertThat(options.contentLength()).isZero();
    assertThat(new SipValidator(java.util.Set.of()).validate(options).accepted()).isTrue();
    SipRequest message =
        SipRequest.builder(Method.MESSAGE, "sip:a@b")
            .body("text/plain", "hey".getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(message.contentType()).hasValue("text/plain");
    assertThat(message.bodyBytes()).isEqualTo("hey".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                SipRequest.builder(Method.INVITE, "sip:a@b").header(HeaderName.CONTENT_LENGTH, "3"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
