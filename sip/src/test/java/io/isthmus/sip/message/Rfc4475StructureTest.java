package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.parse;
import static io.isthmus.sip.message.TestMessages.rfc4475;
import static io.isthmus.sip.message.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.header.Via;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What specific torture messages must look like once parsed (RFC 4475 §3.1.1, §3.4.1). */
class Rfc4475StructureTest {

  @Test
  void wsinvUnfoldsEverythingAndKeepsTheUnknownHeaderOpaque() throws Exception {
    byte[] in = rfc4475("wsinv");
    SipRequest r = (SipRequest) parse(in);
    assertThat(r.vias()).hasSize(3);
    assertThat(r.vias())
        .extracting(Via::host)
        .containsExactly("192.0.2.2", "spindle.example.com", "192.168.255.111");
    assertThat(r.maxForwards()).isEqualTo(68);
    assertThat(r.cseq().number()).isEqualTo(9);
    assertThat(r.to().tag()).isEqualTo("1918181833n");
    assertThat(r.from().tag()).isEqualTo("98asjd8");
    assertThat(r.headerValue(HeaderName.SUBJECT)).hasValue("");
    assertThat(r.headerValue(HeaderName.of("UnknownHeaderWithUnusualValue"))).hasValue(";;,,;;,;");
    assertThat(r.headerValue(HeaderName.of("newfangledheader")))
        .hasValue("newfangled value continued newfangled value");
    assertThat(r.bodyLength()).isEqualTo(150);
    // a proxy edit elsewhere leaves the unknown header and the folds byte for byte
    byte[] out = r.edit().maxForwards(67).toBytes();
    assertThat(text(out))
        .contains("UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n")
        .contains("NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n")
        .contains("TO :\r\n sip:vivekg");
    assertThat(out.length)
        .isEqualTo(in.length - "MaX-fOrWaRdS: 0068".length() + "Max-Forwards: 67".length());
  }

  @Test
  void dblreqTrailingOctetsAreNotWrittenBack() throws Exception {
    byte[] in = rfc4475("dblreq");
    SipRequest r = (SipRequest) parse(in);
    assertThat(r.method()).isSameAs(Method.REGISTER);
    assertThat(text(in)).contains("INVITE sip:joe@example.com SIP/2.0");
    assertThat(text(r.toBytes())).doesNotContain("INVITE");
    assertThat(text(r.edit().pushVia("SIP/2.0/UDP p.example.com;branch=z9hG4bKx").toBytes()))
        .doesNotContain("INVITE");
    assertThat(text(r.toBytes())).endsWith("\r\n\r\n");
  }

  @Test
  void mpart01BodyIsTheExactContentLengthBytes() throws Exception {
    byte[] in = rfc4475("mpart01");
    SipMessage m = parse(in);
    assertThat(m.contentLength()).isEqualTo(553);
    int headersEnd = text(in).indexOf("\r\n\r\n") + 4;
    assertThat(m.bodyBytes()).isEqualTo(Arrays.copyOfRange(in, headersEnd, headersEnd + 553));
    assertThat(m.bodyBytes()).contains((byte) 0);
  }

  @Test
  void esc02HasTwoContactsBecauseTheEscapedNameIsAnotherHeader() throws Exception {
    SipRequest r = (SipRequest) parse(rfc4475("esc02"));
    assertThat(r.contacts().addresses()).hasSize(2);
    assertThat(r.headerValue(HeaderName.of("C%6Fntact")))
        .hasValue("<sip:alias2@host2.example.com>");
    assertThat(r.method().isKnown()).isFalse();
    assertThat(r.method().name()).isEqualTo("RE%47IST%45R");
  }

  @Test
  void longreqHasAllItsViaLines() throws Exception {
    // the README says 28; the RFC's bytes hold 34 Via lines (Via, v and V spellings)
    SipRequest r = (SipRequest) parse(rfc4475("longreq"));
    assertThat(r.vias()).hasSize(34);
    assertThat(r.vias().getFirst().host()).isEqualTo("sip33.example.com");
    assertThat(r.size()).isEqualTo(rfc4475("longreq").length);
  }

  @Test
  void inv2543BodyIsTheRestOfTheDatagram() throws Exception {
    byte[] in = rfc4475("inv2543");
    SipRequest r = (SipRequest) parse(in);
    assertThat(r.contentLength()).isEqualTo(-1);
    assertThat(r.maxForwards()).isEqualTo(-1);
    assertThat(r.topVia().branch()).isNull();
    int headersEnd = text(in).indexOf("\r\n\r\n") + 4;
    assertThat(r.bodyBytes()).isEqualTo(Arrays.copyOfRange(in, headersEnd, in.length));
  }

  @Test
  void intmethKeepsTheStrangeMethodAndCallId() throws Exception {
    SipRequest r = (SipRequest) parse(rfc4475("intmeth"));
    assertThat(r.method().name()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
    assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assertThat(r.cseq().method()).isEqualTo(r.method().name());
  }

  @Test
  void routesAndRecordRoutesAreReadInOrder() throws Exception {
    SipRequest wsinv = (SipRequest) parse(rfc4475("wsinv"));
    assertThat(wsinv.routes()).hasSize(1);
    SipRequest inv2543 = (SipRequest) parse(rfc4475("inv2543"));
    assertThat(inv2543.recordRoutes()).hasSize(1);
    assertThat(inv2543.routes()).isEmpty();
  }
}
