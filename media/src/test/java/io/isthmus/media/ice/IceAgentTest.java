package io.isthmus.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.StunChecks;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The lite agent's answers to checks, and what it learns from them. */
class IceAgentTest {
  final IceAgent agent =
      new IceAgent(new IceCredentials("relayUfr", "relayPasswordOf26Characters"));
  final InetSocketAddress a = address(6000);
  final InetSocketAddress b = address(6002);

  static InetSocketAddress address(int port) {
    return new InetSocketAddress(InetAddress.ofLiteral("127.0.1.100"), port);
  }

  byte[] check(String username, String password, boolean useCandidate) {
    return StunChecks.request(username, password, useCandidate, new byte[12]);
  }

  @Test
  void aValidCheckIsAnsweredWithItsSourceAndAuthenticatedWithTheRelaysPassword() {
    byte[] reply =
        agent.receive(
            Unpooled.wrappedBuffer(check("relayUfr:peer", "relayPasswordOf26Characters", false)),
            a);
    Stun.Message m = Stun.parse(reply);
    assertThat(m.type()).isEqualTo(Stun.BINDING_SUCCESS);
    assertThat(m.integrityValid("relayPasswordOf26Characters")).isTrue();
    assertThat(m.fingerprintOk()).isTrue();
    assertThat(StunChecks.xorMappedAddress(reply)).isEqualTo(a);
    assertThat(agent.takeLearned()).isEqualTo(a);
    assertThat(agent.takeLearned()).as("learned once").isNull();
    assertThat(agent.answered()).isEqualTo(1);
  }

  @Test
  void wrongPasswordOrUfragGets401AndTeachesNothing() {
    byte[] r1 = agent.receive(Unpooled.wrappedBuffer(check("relayUfr:peer", "wrong", true)), a);
    byte[] r2 =
        agent.receive(
            Unpooled.wrappedBuffer(check("other:peer", "relayPasswordOf26Characters", true)), a);
    for (byte[] r : new byte[][] {r1, r2}) {
      assertThat(Stun.parse(r).type()).isEqualTo(Stun.BINDING_ERROR);
      assertThat(Stun.u16(r, 26)).as("401").isEqualTo(0x0401);
    }
    assertThat(agent.takeLearned()).isNull();
    assertThat(agent.nominated()).isNull();
    assertThat(agent.refused()).isEqualTo(2);
  }

  @Test
  void aCheckWithoutIntegrityGets400() {
    byte[] r = agent.receive(Unpooled.wrappedBuffer(check("relayUfr:peer", null, false)), a);
    assertThat(Stun.u16(r, 26)).isEqualTo(0x0400);
    assertThat(agent.takeLearned()).isNull();
  }

  @Test
  void theNominatedPairStaysWhateverIsCheckedLater() {
    String pwd = "relayPasswordOf26Characters";
    agent.receive(Unpooled.wrappedBuffer(check("relayUfr:peer", pwd, false)), a);
    agent.receive(Unpooled.wrappedBuffer(check("relayUfr:peer", pwd, true)), b);
    assertThat(agent.takeLearned()).isEqualTo(b);
    assertThat(agent.nominated()).isEqualTo(b);
    agent.receive(Unpooled.wrappedBuffer(check("relayUfr:peer", pwd, false)), a);
    assertThat(agent.takeLearned()).as("a check of another pair after nomination").isNull();
  }

  @Test
  void indicationsAreNotAnswered() {
    byte[] indication = check("relayUfr:peer", "relayPasswordOf26Characters", false);
    indication[1] = 0x11; // Binding indication (keepalive)
    assertThat(agent.receive(Unpooled.wrappedBuffer(indication), a)).isNull();
  }
}
