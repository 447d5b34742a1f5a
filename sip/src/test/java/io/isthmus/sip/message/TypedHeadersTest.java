package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.crlf;
import static io.isthmus.sip.message.TestMessages.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

class TypedHeadersTest {
  private static final byte[] REQUEST =
      crlf(
          "INVITE sip:bob@example.com;transport=tcp SIP/2.0",
          "Via: SIP/2.0/TCP a.example.com;branch=z9hG4bK1",
          "To: <sip:bob@example.com>",
          "To: <sip:eve@example.com>",
          "From: <sip:alice@example.com>;tag=1",
          "Call-ID: c1",
          "CSeq: 1 INVITE",
          "Contact: *",
          "l: 0",
          "",
          "");

  @Test
  void repeatedSingleHeaderIsAnErrorAtTheSecondLine() throws Exception {
    SipMessage m = parse(REQUEST);
    int secondTo = TestMessages.text(REQUEST).indexOf("To: <sip:eve");
    assertThatThrownBy(m::to)
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(secondTo));
  }

  @Test
  void typedValuesAreParsedOnceAndCached() throws Exception {
    SipRequest r = (SipRequest) parse(REQUEST);
    assertThat(r.from()).isSameAs(r.from());
    assertThat(r.vias()).isSameAs(r.vias());
    assertThat(r.requestUri()).isSameAs(r.requestUri());
    assertThat(r.requestUri())
        .isInstanceOfSatisfying(SipUri.class, u -> assertThat(u.transport()).isEqualTo("tcp"));
    assertThat(r.callId()).isEqualTo("c1");
  }

  @Test
  void compactForgetsTheParsedValuesAndTheSpareIndexRoomButReadsTheSame() throws Exception {
    String[] lines = new String[24];
    lines[0] = "OPTIONS sip:bob@example.com SIP/2.0";
    lines[1] = "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1";
    lines[2] = "From: <sip:alice@example.com>;tag=1";
    lines[3] = "To: <sip:bob@example.com>";
    lines[4] = "Call-ID: c1";
    lines[5] = "CSeq: 7 OPTIONS";
    lines[6] = "Max-Forwards: 70";
    lines[7] = "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>";
    for (int i = 8; i < 22; i++) {
      lines[i] = "X-Filler-" + i + ": " + i; // 22 header lines: the index grew past 16
    }
    lines[22] = "l: 0";
    lines[23] = "";
    SipRequest r = (SipRequest) parse(crlf(java.util.Arrays.copyOf(lines, 25)));
    var from = r.from();
    var vias = r.vias();
    var uri = r.requestUri();
    var recordRoutes = r.recordRoutes();
    assertThat(r.idx.lines).hasSize(32 * MessageIndex.STRIDE);

    r.compact();

    assertThat(r.idx.lines).hasSize(22 * MessageIndex.STRIDE);
    assertThat(r.from()).isNotSameAs(from).hasToString(from.toString());
    assertThat(r.vias()).isNotSameAs(vias).hasToString(vias.toString());
    assertThat(r.requestUri()).isNotSameAs(uri).isEqualTo(uri);
    assertThat(r.recordRoutes()).isNotSameAs(recordRoutes).hasToString(recordRoutes.toString());
    assertThat(r.cseq().number()).isEqualTo(7);
    assertThat(r.maxForwards()).isEqualTo(70);
    assertThat(r.headerValue(HeaderName.of("X-Filler-21"))).contains("21");
    assertThat(r.contentLength()).isZero();
  }

  @Test
  void contactWildcardAndMissingHeaders() throws Exception {
    SipMessage m = parse(REQUEST);
    assertThat(m.contacts().wildcard()).isTrue();
    assertThat(m.maxForwards()).isEqualTo(-1);
    assertThat(m.routes()).isEmpty();
    SipMessage noVia = parse(crlf("OPTIONS sip:a@b SIP/2.0", "l: 0", "", ""));
    assertThat(noVia.vias()).isEmpty();
    assertThatThrownBy(noVia::topVia).isInstanceOf(SipParseException.class);
    assertThatThrownBy(noVia::callId)
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.reason()).contains("missing Call-ID"));
  }
}
