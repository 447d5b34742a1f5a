package io.isthmus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RtpEndpointTest {
  @Test
  void countsAndKeepsThePacketsItReceives() {
    try (RtpEndpoint a = RtpEndpoint.bind("127.0.0.1", 0);
        RtpEndpoint b = RtpEndpoint.bind("127.0.0.1", 0)) {
      for (int seq = 0; seq < 5; seq++) {
        a.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0x1234, 160, 0xd5), b.address());
      }
      a.send(RtpEndpoint.rtcpReceiverReport(0x1234), b.address());

      assertThat(b.awaitCount(6, Duration.ofSeconds(3))).isTrue();
      RtpEndpoint.Received first = b.received().getFirst();
      assertThat(first.source()).isEqualTo(a.address());
      assertThat(first.data()).hasSize(172);
      assertThat(first.data()[0]).isEqualTo((byte) 0x80); // V=2
      assertThat(first.data()[12]).isEqualTo((byte) 0xd5);
      assertThat(b.received().getLast().data()[1]).isEqualTo((byte) 201); // RTCP RR
      assertThat(a.awaitCount(1, Duration.ofMillis(50))).isFalse();
    }
  }
}
