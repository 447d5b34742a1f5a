package io.isthmus.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LexerTest {

  private static Lexer lexer(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return new Lexer(b, 0, b.length);
  }

  @Test
  void consumeLeavesThePositionUnchangedOnFailure() throws Exception {
    Lexer lx = lexer("abc");
    assertThat(lx.consume('x')).isFalse();
    assertThat(lx.consumeSeparator(';')).isFalse();
    assertThat(lx.consumeQuotedString()).isFalse();
    assertThat(lx.consumeDigits()).isFalse();
    assertThat(lx.position()).isZero();
    assertThat(lx.consumeToken()).isTrue();
    assertThat(lx.markText()).isEqualTo("abc");
    assertThat(lx.atEnd()).isTrue();
  }

  @Test
  void swsSkipsFoldsButStopsAtALineEnd() {
    Lexer lx = lexer(" \t\r\n  x");
    assertThat(lx.consumeSws()).isTrue();
    assertThat(lx.peek()).isEqualTo('x');
    Lexer end = lexer("  \r\nx");
    end.consumeSws();
    assertThat(end.position()).isEqualTo(2);
    Lexer bareLf = lexer("\n x");
    bareLf.consumeSws();
    assertThat(bareLf.peek()).isEqualTo('x');
  }

  @Test
  void separatorTakesBlanksOnBothSidesOrNothing() {
    Lexer lx = lexer("  ;  b");
    assertThat(lx.consumeSeparator(';')).isTrue();
    assertThat(lx.peek()).isEqualTo('b');
    Lexer none = lexer("  b");
    assertThat(none.consumeSeparator(';')).isFalse();
    assertThat(none.position()).isZero();
  }

  @Test
  void quotedStringWithPairsFoldsAndUtf8() throws Exception {
    Lexer lx = lexer("\"a\\\"b\r\n c\u00e9\"rest");
    assertThat(lx.consumeQuotedString()).isTrue();
    assertThat(Lexer.unquote(lx.buffer(), lx.markStart(), lx.markEnd())).isEqualTo("a\"b c\u00e9");
    assertThat(lx.peek()).isEqualTo('r');
  }

  @Test
  void expectThrowsWithTheOffset() {
    assertThatThrownBy(() -> lexer("ab;").expect(';', "';'"))
        .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.offset()).isZero());
    assertThatThrownBy(() -> lexer("\"abc").consumeQuotedString())
        .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.offset()).isEqualTo(4));
    assertThatThrownBy(() -> lexer("\"a\u0001b\"").consumeQuotedString())
        .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.offset()).isEqualTo(2));
    assertThatThrownBy(() -> lexer("\"a\r\nb\"").consumeQuotedString())
        .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.offset()).isEqualTo(2));
  }

  @Test
  void numbersAllowLeadingZerosAndStopAtTheLimit() throws Exception {
    assertThat(lexer("000000000000000000000042").expectNumber(255, "n")).isEqualTo(42);
    assertThatThrownBy(() -> lexer("256").expectNumber(255, "n"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.reason()).isEqualTo("n too large"));
  }
}
