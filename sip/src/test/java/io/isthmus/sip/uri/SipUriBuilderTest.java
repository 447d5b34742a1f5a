package io.isthmus.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipUriBuilderTest {

  @Test
  void buildsTheProxysRecordRouteUri() throws Exception {
    SipUri rr =
        SipUri.builder("127.0.1.1")
            .port(5060)
            .parameter("transport", "udp")
            .parameter("lr", null)
            .build();
    assertThat(rr.toString()).isEqualTo("sip:127.0.1.1:5060;transport=udp;lr");
    assertThat(rr.looseRouting()).isTrue();
    assertThat(rr.equivalentTo(SipUri.parse("sip:127.0.1.1:5060;lr;transport=UDP"))).isTrue();
  }

  @Test
  void withMethodsReplaceInPlaceAndKeepTheRest() throws Exception {
    SipUri u = SipUri.parse("sip:bob@[2001:db8::1]:5070;transport=tcp;lr?Subject=x");
    assertThat(u.withParameter("transport", "udp").toString())
        .isEqualTo("sip:bob@[2001:db8::1]:5070;transport=udp;lr?Subject=x");
    assertThat(u.withoutParameter("lr").withoutHeaders().withPort(-1).toString())
        .isEqualTo("sip:bob@[2001:db8::1];transport=tcp");
    assertThat(u.toBuilder().secure(true).user("al%20ice").password("pw").build().toString())
        .isEqualTo("sips:al%20ice:pw@[2001:db8::1]:5070;transport=tcp;lr?Subject=x");
  }

  @Test
  void refusesComponentsOutsideTheGrammar() {
    assertThatThrownBy(() -> SipUri.builder("exa mple.com").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipUri.builder("example.com").user("a@b").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipUri.builder("example.com").parameter("x", "a b").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipUri.builder("example.com").port(70000).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipUri.builder("2001:db8::1").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
