package io.isthmus.sip.message;

import static io.isthmus.sip.message.TestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStreamDecoderTest {
  private static final byte[] FIRST =
      crlf("MESSAGE sip:a@b SIP/2.0", "Call-ID: 1", "l: 5", "", "hello");
  private static final byte[] SECOND =
      crlf("SIP/2.0 200 OK", "Call-ID: 2", "Content-Length: 0", "", "");

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void cutsMessagesFedOneByteAtATime() throws Exception {
    byte[] stream = concat(crlf("", ""), FIRST, crlf("", "", ""), SECOND);
    SipStreamDecoder decoder = new SipStreamDecoder();
    List<SipMessage> got = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      got.addAll(decoder.feed(stream, i, 1));
    }
    assertThat(got).hasSize(2);
    assertThat(got.get(0).toBytes()).isEqualTo(FIRST);
    assertThat(got.get(0).bodyBytes()).containsExactly('h', 'e', 'l', 'l', 'o');
    assertThat(got.get(1).toBytes()).isEqualTo(SECOND);
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  void returnsSeveralMessagesFromOneChunkAndKeepsThePartialRest() throws Exception {
    byte[] stream = concat(FIRST, SECOND, FIRST);
    SipStreamDecoder decoder = new SipStreamDecoder();
    List<SipMessage> got = decoder.feed(stream, 0, stream.length - 3);
    assertThat(got).extracting(SipMessage::size).containsExactly(FIRST.length, SECOND.length);
    assertThat(decoder.buffered()).isEqualTo(FIRST.length - 3);
    assertThat(decoder.feed(stream, stream.length - 3, 3))
        .singleElement()
        .satisfies(m -> assertThat(m.toBytes()).isEqualTo(FIRST));
  }

  @Test
  void missingContentLengthIsAnUnrecoverableError() throws Exception {
    byte[] noLength = crlf("MESSAGE sip:a@b SIP/2.0", "Call-ID: 1", "", "");
    SipStreamDecoder decoder = new SipStreamDecoder();
    assertThatThrownBy(() -> decoder.feed(noLength, 0, noLength.length))
        .isInstanceOfSatisfying(
            SipParseException.class,
            e -> assertThat(e.reason()).contains("close the connection").contains("mandatory"));
    assertThat(decoder.failed()).isTrue();
    assertThatThrownBy(() -> decoder.feed(SECOND, 0, SECOND.length))
        .isInstanceOf(SipParseException.class);
  }

  @Test
  void negativeContentLengthBreaksTheStream() {
    byte[] ncl = TestMessages.rfc4475("ncl");
    SipStreamDecoder decoder = new SipStreamDecoder();
    assertThatThrownBy(() -> decoder.feed(ncl, 0, ncl.length))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void lookAheadIsBoundedByTheMessageLimit() {
    SipStreamDecoder decoder = new SipStreamDecoder(new SipLimits(256, 10, 128));
    byte[] endless =
        ("OPTIONS sip:a@b SIP/2.0\r\n" + "X: y\r\n".repeat(60))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> decoder.feed(endless, 0, endless.length))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.status()).isEqualTo(513));
  }

  @Test
  void waitsForTheWholeBody() throws Exception {
    SipStreamDecoder decoder = new SipStreamDecoder();
    assertThat(decoder.feed(FIRST, 0, FIRST.length - 1)).isEmpty();
    assertThat(decoder.feed(FIRST, FIRST.length - 1, 1)).hasSize(1);
  }
}
