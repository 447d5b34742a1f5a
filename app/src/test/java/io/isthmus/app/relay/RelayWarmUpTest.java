package io.isthmus.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayWarmUpTest {
  private static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  private static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");

  @Test
  void everyCallOfEveryShapeIsSetUpAndDeleted() {
    RelayConfig relay =
        RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
            .withPorts(45000, 45999)
            .withEventLoops(2, true);

    // An error reply or a lost reply stops the warm-up early: all of them means every offer,
    // answer, query and delete of the four SDP shapes was answered ok.
    assertThat(RelayWarmUp.run(relay, ControlConfig.defaults())).isEqualTo(RelayWarmUp.CALLS);
  }

  @Test
  void theShapesIncludeOneCodecManyCodecsRtcpMuxAndVideo() {
    assertThat(RelayWarmUp.sdp(0, 30000)).contains("m=audio 30000 RTP/AVP 0\r\n");
    assertThat(RelayWarmUp.sdp(1, 30000)).contains("RTP/AVP 0 8 101\r\n");
    assertThat(RelayWarmUp.sdp(2, 30000)).contains("a=rtcp-mux\r\n");
    assertThat(RelayWarmUp.sdp(3, 30000)).contains("m=video 30014 RTP/AVP 96\r\n");
  }
}
