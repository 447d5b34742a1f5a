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
