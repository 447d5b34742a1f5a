package io.isthmus.app.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestTest {

  @Test
  void splitsThePathAndPercentDecodesEachSegmentAsUtf8() throws Exception {
    assertThat(Request.segments("/api/calls/a%40b.example/trace"))
        .containsExactly("api", "calls", "a@b.example", "trace");
    assertThat(Request.segments("/api/gateways/2/sip%3A127.0.2.11%3A5060"))
        .containsExactly("api", "gateways", "2", "sip:127.0.2.11:5060");
    assertThat(Request.segments("//health/")).containsExactly("health");
    assertThat(Request.segments("/")).isEmpty();
    assertThat(Request.decode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void keepsPlusAsPlusBecauseItIsNoSpaceInAPath() throws Exception {
    assertThat(Request.decode("a+b%2Bc")).isEqualTo("a+b+c");
  }

  @Test
  void refusesBrokenEscapesWith400() {
    assertThatThrownBy(() -> Request.decode("abc%4"))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Request.decode("%zz"))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("bad percent-escape");
  }
}
