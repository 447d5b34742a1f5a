package io.isthmus.sip.header;

import static io.isthmus.sip.header.Text.assertRejected;
import static io.isthmus.sip.header.Text.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalarHeadersTest {

  @Test
  void cseqNumberAndMethod() throws Exception {
    CSeq c = parse(CSeq::parse, "4711 INVITE");
    assertThat(c.number()).isEqualTo(4711);
    assertThat(c.method()).isSameAs("INVITE");
    assertThat(c.toString()).isEqualTo("4711 INVITE");
  }

  @Test
  void cseqWsinvLeadingZerosAndFold() throws Exception {
    // RFC 4475 §3.1.1.1: "cseq: 0009\r\n  INVITE".
    CSeq c = parse(CSeq::parse, " 0009\r\n  INVITE");
    assertThat(c.number()).isEqualTo(9);
    assertThat(c.method()).isEqualTo("INVITE");
  }

  @Test
  void cseqUnknownMethodsAreTokensAndCaseSensitive() throws Exception {
    assertThat(parse(CSeq::parse, "139122385 !interesting-Method0123456789_*+`.%indeed'~").method())
        .isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
    assertThat(parse(CSeq::parse, "29344 RE%47IST%45R").method()).isEqualTo("RE%47IST%45R");
    assertThat(parse(CSeq::parse, "1 invite").method()).isEqualTo("invite");
  }

  @Test
  void cseqLimitAndSyntaxErrors() throws Exception {
    assertThat(parse(CSeq::parse, "2147483647 ACK").number()).isEqualTo(Integer.MAX_VALUE);
    // RFC 3261 §8.1.1.5: must be < 2^31; RFC 4475 scalar02 uses 36893488147419103232.
    assertRejected(CSeq::parse, "2147483648 INVITE", 0, "CSeq number too large");
    assertRejected(CSeq::parse, " 36893488147419103232 INVITE", 1, "CSeq number too large");
    assertRejected(CSeq::parse, "1INVITE", 1, "whitespace");
    assertRejected(CSeq::parse, "INVITE", 0, "CSeq number");
    assertRejected(CSeq::parse, "1 ", 2, "CSeq method");
    assertRejected(CSeq::parse, "1 INVITE x", 9, "unexpected character");
  }

  @Test
  void maxForwardsLeadingZerosAndRange() throws Exception {
    assertThat(parse(MaxForwards::parse, "0068").intValue()).isEqualTo(68);
    assertThat(parse(MaxForwards::parse, " 0 ").intValue()).isZero();
    assertThat(parse(MaxForwards::parse, "255").intValue()).isEqualTo(255);
    assertRejected(MaxForwards::parse, "300", 0, "Max-Forwards too large");
    assertRejected(MaxForwards::parse, "00000000000000000000256", 0, "too large");
    assertRejected(MaxForwards::parse, "-1", 0, "expected Max-Forwards");
    assertRejected(MaxForwards::parse, "70 70", 3, "unexpected character");
  }

  @Test
  void contentLengthNonNegativeAndBounded() throws Exception {
    assertThat(parse(ContentLength::parse, "150").intValue()).isEqualTo(150);
    assertThat(parse(ContentLength::parse, "  0").intValue()).isZero();
    assertRejected(ContentLength::parse, "-999", 0, "expected Content-Length");
    assertRejected(ContentLength::parse, "9999999999", 0, "Content-Length too large");
    assertRejected(ContentLength::parse, "12a", 2, "unexpected character");
    byte[] v = "70000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatCode(v);
  }

  private static void assertThatCode(byte[] v) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ContentLength.parse(v, 0, v.length, 65535))
        .hasMessageContaining("too large");
  }

  @Test
  void callIdWords() throws Exception {
    assertThat(parse(CallId::parse, " a84b4c76e66710@pc33.atlanta.example.com "))
        .isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
    // RFC 4475 intmeth.
    assertThat(parse(CallId::parse, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"))
        .isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assertThat(parse(CallId::parse, "esc01.239409asdfakjkn23onasd0-3234"))
        .isEqualTo("esc01.239409asdfakjkn23onasd0-3234");
    assertRejected(CallId::parse, "a@", 2, "after '@'");
    assertRejected(CallId::parse, "a@b@c", 3, "unexpected character");
    assertRejected(CallId::parse, "a b", 2, "unexpected character");
    assertRejected(CallId::parse, "", 0, "expected Call-ID");
  }
}
