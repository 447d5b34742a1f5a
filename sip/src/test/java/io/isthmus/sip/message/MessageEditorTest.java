package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.crlf;
import static io.isthmus.sip.message.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEditorTest {
  private static final byte[] INVITE =
      crlf(
          "INVITE sip:bob@example.com SIP/2.0",
          "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2",
          "Route: <sip:p1.example.com;lr>,",
          " <sip:p2.example.com;lr>",
          "Max-Forwards: 70",
          "Subject: folded",
          "  subject",
          "l: 4",
          "",
          "body");

  private static SipRequest invite() throws Exception {
    return (SipRequest) TestMessages.parse(INVITE);
  }

  @Test
  void typicalProxyEditRendersOnlyEditedLines() throws Exception {
    byte[] out =
        invite()
            .edit()
            .pushVia("SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp")
            .addRecordRoutes("<sip:pub.example.com;lr>", "<sip:priv.example.com;lr>")
            .maxForwards(69)
            .removeTopRoute()
            .toBytes();
    assertThat(text(out))
        .isEqualTo(
            text(
                crlf(
                    "INVITE sip:bob@example.com SIP/2.0",
                    "Record-Route: <sip:pub.example.com;lr>",
                    "Record-Route: <sip:priv.example.com;lr>",
                    "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp",
                    "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2",
                    "Route: <sip:p2.example.com;lr>",
                    "Max-Forwards: 69",
                    "Subject: folded",
                    "  subject",
                    "l: 4",
                    "",
                    "body")));
  }

  @Test
  void removingTheTopViaOfAMultiValueLineKeepsTheRestAndTheCompactName() throws Exception {
    byte[] out = invite().edit().removeTopVia().toBytes();
    assertThat(text(out)).contains("\r\nv: SIP/2.0/UDP b.example.com;branch=z9hG4bK2\r\n");
    byte[] twice = invite().edit().removeTopVia().removeTopVia().toBytes();
    assertThat(text(twice)).doesNotContain("Via").doesNotContain("\r\nv:");
    assertThatThrownBy(() -> invite().edit().removeTopVia().removeTopVia().removeTopVia())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pushedViaCanBeRemovedAgain() throws Exception {
    SipRequest r = invite();
    assertThat(r.edit().pushVia("SIP/2.0/TCP x;branch=z9hG4bKx").removeTopVia().toBytes())
        .isEqualTo(INVITE);
  }

  @Test
  void replacesRequestUriKeepingMethodAndVersion() throws Exception {
    SipRequest edited = invite().edit().requestUri("sip:bob@10.0.0.1:5062").build();
    assertThat(edited.requestUriText()).isEqualTo("sip:bob@10.0.0.1:5062");
    assertThat(edited.toString()).isEqualTo("INVITE sip:bob@10.0.0.1:5062 SIP/2.0");
    assertThatThrownBy(() -> invite().edit().requestUri("sip:a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacingTheBodyUpdatesContentLength() throws Exception {
    SipRequest edited =
        invite().edit().body("text/plain", "new body!".getBytes(StandardCharsets.US_ASCII)).build();
    assertThat(edited.contentLength()).isEqualTo(9);
    assertThat(edited.headerValue(HeaderName.CONTENT_TYPE)).hasValue("text/plain");
    assertThat(new String(edited.bodyBytes(), StandardCharsets.US_ASCII)).isEqualTo("new body!");
    assertThat(edited.valueCount(HeaderName.CONTENT_LENGTH)).isEqualTo(1);
  }

  @Test
  void addSetAndRemoveAnyHeader() throws Exception {
    HeaderName xFoo = HeaderName.of("X-Foo");
    SipRequest edited =
        invite()
            .edit()
            .addHeader(xFoo, "1")
            .addHeader(xFoo, "2")
            .setHeader(HeaderName.SUBJECT, "new")
            .removeHeader(HeaderName.ROUTE)
            .build();
    assertThat(edited.headerValues(xFoo)).containsExactly("1", "2");
    assertThat(edited.headerValue(HeaderName.SUBJECT)).hasValue("new");
    assertThat(edited.hasHeader(HeaderName.ROUTE)).isFalse();
    assertThat(invite().edit().setHeader(xFoo, "only").build().headerValues(xFoo))
        .containsExactly("only");
  }

  @Test
  void refusesValuesThatWouldInjectHeaderLines() throws Exception {
    assertThatThrownBy(() -> invite().edit().addHeader(HeaderName.SUBJECT, "x\r\nVia: evil"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesIntoByteBufferAndArrayAtOffset() throws Exception {
    RequestEditor e = invite().edit().maxForwards(10);
    byte[] expected = e.toBytes();
    ByteBuffer heap = ByteBuffer.allocate(expected.length + 3).position(3);
    e.writeTo(heap);
    assertThat(heap.position()).isEqualTo(expected.length + 3);
    ByteBuffer direct = ByteBuffer.allocateDirect(expected.length);
    e.writeTo(direct);
    assertThat(direct.flip()).isEqualTo(ByteBuffer.wrap(expected));
    assertThat(e.size()).isEqualTo(expected.length);
  }

  @Test
  void originalIsNotChangedByEdits() throws Exception {
    SipRequest r = invite();
    r.edit().maxForwards(1).removeTopVia().body(new byte[0]).build();
    assertThat(r.toBytes()).isEqualTo(INVITE);
  }

  @Test
  void responseEditorRemovesTopVia() throws Exception {
    SipResponse resp =
        (SipResponse)
            TestMessages.parse(
                crlf(
                    "SIP/2.0 200 OK",
                    "Via: SIP/2.0/UDP p;branch=z9hG4bKp",
                    "Via: SIP/2.0/UDP c;branch=z9hG4bKc",
                    "Content-Length: 0",
                    "",
                    ""));
    SipResponse forwarded = resp.edit().removeTopVia().build();
    assertThat(forwarded.headerValues(HeaderName.VIA))
        .containsExactly("SIP/2.0/UDP c;branch=z9hG4bKc");
    assertThat(forwarded.status()).isEqualTo(200);
  }
}
