package io.isthmus.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test helpers: header values placed at an offset inside a larger buffer. */
final class Text {
  static final int PAD = 5;

  private Text() {}

  /** The value's bytes (UTF-8; chars below 0x100 given as \\u00XX escapes stay single bytes). */
  static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] padded(byte[] value) {
    byte[] b = new byte[PAD + value.length + 2];
    Arrays.fill(b, (byte) '!');
    System.arraycopy(value, 0, b, PAD, value.length);
    return b;
  }

  interface Parser<T> {
    T parse(byte[] b, int off, int len) throws SipParseException;
  }

  static <T> T parse(Parser<T> parser, String value) throws SipParseException {
    byte[] v = bytes(value);
    return parser.parse(padded(v), PAD, v.length);
  }

  static <T> void assertRejected(Parser<T> parser, String value, int offset, String reason) {
    assertThatThrownBy(() -> parse(parser, value))
        .isInstanceOfSatisfying(
            SipParseException.class,
            e -> {
              assertThat(e.offset()).as("offset of %s", e.getMessage()).isEqualTo(PAD + offset);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.reason()).contains(reason);
            });
  }
}
