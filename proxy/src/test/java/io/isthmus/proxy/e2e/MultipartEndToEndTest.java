package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.testkit.TestUserAgent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 mpart01 through the running proxy over real sockets: a valid MESSAGE whose multipart
 * body holds a NUL and a bare CR, pre-loaded with a Route to a UA on the private side, is forwarded
 * there with its body byte for byte, and the UA's 200 comes back to the sender.
 */
class MultipartEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String CALL_ID = "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..";

  private ProxyFixture fx;
  private TestUserAgent sender;
  private TestUserAgent receiver;

  @BeforeEach
  void start() throws Exception {
    fx = new ProxyFixture();
    sender = TestUserAgent.bind("fluffy", "127.0.1.100", UA_PORT);
    receiver = TestUserAgent.bind("kumiko", "127.0.2.11", UA_PORT);
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
    sender.close();
    fx.close();
  }

  @Test
  void forwardsTheMultipartMessageByteForByteAndRelaysTheAnswer() throws Exception {
    byte[] raw;
    try (InputStream in = getClass().getResourceAsStream("/rfc4475/mpart01.msg")) {
      raw = in.readAllBytes();
    }
    byte[] body = Arrays.copyOfRange(raw, raw.length - 553, raw.length);
    // the vector's own Route and Via name 127.0.0.1 ports: point them at this test's UAs
    String head = new String(raw, 0, raw.length - 553, StandardCharsets.ISO_8859_1);
    head =
        head.replace("<sip:127.0.0.1:5080>", "<sip:127.0.2.11:" + UA_PORT + ";lr>")
            .replace("127.0.0.1:5070", "127.0.1.100:" + UA_PORT);
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] message = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, message, headBytes.length, body.length);

    sender.send(SipParser.parseDatagram(message, 0, message.length), PROXY_PUBLIC);

    SipRequest forwarded = receiver.awaitRequest(CALL_ID, "MESSAGE", WAIT);
    assertThat(forwarded.bodyBytes()).isEqualTo(body);
    assertThat(sender.awaitResponse(CALL_ID, "MESSAGE", 200, WAIT).status()).isEqualTo(200);
    assertThat(receiver.count("MESSAGE")).isEqualTo(1);
  }
}
