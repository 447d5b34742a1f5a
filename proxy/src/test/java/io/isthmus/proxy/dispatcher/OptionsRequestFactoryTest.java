package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OptionsRequestFactoryTest {
  private final OptionsRequestFactory factory =
      new OptionsRequestFactory("127.0.2.1", new SplittableRandom(1));

  private static Gateway gateway(String line) {
    return Fixtures.parse(line).set(1).gateways().getFirst();
  }

  @Test
  void buildsAnOptionsToTheGatewayFromTheDispatcherUser() throws Exception {
    SipRequest r = factory.build(gateway("1 sip:127.0.2.11:5060;transport=udp\n"));

    assertThat(r.method()).isEqualTo(Method.OPTIONS);
    assertThat(r.requestUriText()).isEqualTo("sip:127.0.2.11:5060;transport=udp");
    assertThat(r.to().uri().toString()).isEqualTo("sip:127.0.2.11:5060;transport=udp");
    assertThat(r.to().tag()).isNull();
    assertThat(r.from().uri().toString()).isEqualTo("sip:dispatcher@127.0.2.1");
    assertThat(r.from().tag()).hasSize(16);
    assertThat(r.callId()).endsWith("@127.0.2.1").hasSize(32 + "@127.0.2.1".length());
    assertThat(r.cseq().method()).isEqualTo("OPTIONS");
    assertThat(r.maxForwards()).isEqualTo(70);
    assertThat(r.hasHeader(HeaderName.VIA)).as("Via is the transport's").isFalse();
    assertThat(r.bodyLength()).isZero();
  }

  @Test
  void eachProbeIsANewTransactionWithNewCallIdTagAndCSeq() throws Exception {
    Gateway gw = gateway("1 sip:127.0.2.11\n");

    SipRequest a = factory.build(gw);
    SipRequest b = factory.build(gw);

    assertThat(a.callId()).isNotEqualTo(b.callId());
    assertThat(a.from().tag()).isNotEqualTo(b.from().tag());
    assertThat(b.cseq().number()).isEqualTo(a.cseq().number() + 1);
  }

  @Test
  void usesTheSocketHostAndThePingFromAttribute() throws Exception {
    SipRequest viaSocket =
        factory.build(gateway("1 sip:127.0.1.21 0 0 socket=udp:127.0.1.1:5060\n"));
    SipRequest withPingFrom =
        factory.build(gateway("1 sip:127.0.1.21 0 0 ping_from=sip:probe@127.0.1.1\n"));

    assertThat(viaSocket.from().uri().toString()).isEqualTo("sip:dispatcher@127.0.1.1");
    assertThat(withPingFrom.from().uri().toString()).isEqualTo("sip:probe@127.0.1.1");
  }
}
