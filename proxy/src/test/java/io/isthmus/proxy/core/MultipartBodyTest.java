package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipLimits;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 §3.1.1.11 (mpart01): a valid MESSAGE whose multipart body holds a NUL and a bare CR. The
 * parser accepts it; the proxy must forward it with the body byte for byte and relay the answer,
 * not lose it on the way.
 */
class MultipartBodyTest {
  private final CoreHarness h = new CoreHarness();

  private static byte[] mpart01() throws Exception {
    try (InputStream in = MultipartBodyTest.class.getResourceAsStream("/rfc4475/mpart01.msg")) {
      return in.readAllBytes();
    }
  }

  @Test
  void forwardsTheMultipartBodyByteForByteAndRelaysTheAnswer() throws Exception {
    byte[] raw = mpart01();
    SipRequest request =
        (SipRequest) SipParser.parseDatagram(raw, 0, raw.length, SipLimits.DEFAULT);

    h.fromPublic(request, CALLER);

    // the pre-loaded Route names 127.0.0.1:5080, in none of our networks: out on the target one
    CoreHarness.Sent sent = h.requestsTo("127.0.0.1", "MESSAGE").getFirst();
    assertThat(h.requestsTo("127.0.0.1", "MESSAGE")).hasSize(1);
    assertThat(sent.hop().remote().getPort()).isEqualTo(5080);
    assertThat(sent.hop().socket()).isEqualTo("udp:127.0.2.1:5060");
    SipRequest out = sent.request();
    byte[] body = Arrays.copyOfRange(raw, raw.length - request.bodyLength(), raw.length);
    assertThat(out.bodyBytes()).isEqualTo(body);
    assertThat(out.bodyBytes()).contains((byte) 0);

    h.fromPrivate(CoreHarness.answer(out, 202, "Accepted", "kumiko", null), "127.0.0.1");

    assertThat(h.statusesTo(CALLER)).containsExactly(202);
    SipResponse up = h.sentTo(CALLER).getFirst().response();
    assertThat(up.topVia().branch()).isEqualTo(request.topVia().branch());
  }
}
