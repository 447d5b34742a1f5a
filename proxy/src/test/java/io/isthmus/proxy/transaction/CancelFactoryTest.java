package io.isthmus.proxy.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CancelFactoryTest {

  @Test
  void cancelCopiesRequestUriIdentityTopViaAndRoutes() throws Exception {
    var cancel = CancelFactory.cancelFor(Messages.proxiedInvite());
    assertThat(Messages.text(cancel))
        .isEqualTo(
            """
            CANCEL sip:bob@10.0.0.20 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy1
            Route: <sip:gw1.example.net;lr>
            Route: <sip:core.example.net;lr>
            Max-Forwards: 70
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
            To: Bob <sip:bob@biloxi.example.com>
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 CANCEL
            Content-Length: 0

            """);
  }

  @Test
  void onlyAnInviteCanBeCancelled() throws Exception {
    assertThatThrownBy(
            () -> CancelFactory.cancelFor(Messages.proxied("BYE", "z9hG4bKbye1", 314160)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only an INVITE can be cancelled: BYE");
  }
}
