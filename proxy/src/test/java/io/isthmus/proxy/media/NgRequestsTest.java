package io.isthmus.proxy.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BencodeEncoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NgRequestsTest {
  private static final byte[] SDP =
      "v=0\r\nc=IN IP4 127.0.1.100\r\n".getBytes(StandardCharsets.UTF_8);
  private final NgRequests requests = new NgRequests(MediaSettings.DEFAULTS);

  private static MediaOffer offer() throws Exception {
    return new MediaOffer(
        "call-1",
        "alice",
        null,
        "z9hG4bK1",
        SDP,
        List.of("public", "private"),
        InetAddress.getByName("127.0.1.100"));
  }

  @Test
  void offerCarriesKamailioStyleKeysAndReadsBackAsAnNgOffer() throws Exception {
    NgRequest r = NgRequest.of(requests.offer(offer()));

    assertThat(r.command()).isEqualTo(NgCommand.OFFER);
    assertThat(r.callId()).isEqualTo("call-1");
    assertThat(r.fromTag()).isEqualTo("alice");
    assertThat(r.toTag()).isNull();
    assertThat(r.viaBranch()).isEqualTo("z9hG4bK1");
    assertThat(r.sdp().asBytes()).isEqualTo(SDP);
    assertThat(r.direction()).containsExactly("public", "private");
    assertThat(r.receivedFrom()).containsExactly("IP4", "127.0.1.100");
    assertThat(r.hasFlag("trust address")).isTrue();
    assertThat(r.replace()).containsExactly("origin");
    assertThat(r.ice()).isEqualTo("remove");
    assertThat(r.supportsLoadLimit()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void answerAndDeleteCarryTheirTags() throws Exception {
    NgRequest a =
        NgRequest.of(requests.answer(new MediaAnswer("call-1", "alice", "bob", null, SDP)));
    assertThat(a.command()).isEqualTo(NgCommand.ANSWER);
    assertThat(a.fromTag()).isEqualTo("alice");
    assertThat(a.toTag()).isEqualTo("bob");
    assertThat(a.viaBranch()).isNull();

    NgRequest d = NgRequest.of(requests.delete(MediaDelete.call("call-1", "alice")));
    assertThat(d.command()).isEqualTo(NgCommand.DELETE);
    assertThat(d.toTag()).isNull();
    assertThat(d.hasFlag("fast")).isTrue();
  }

  @Test
  void inProcessAndUdpBindingsSendByteIdenticalDictionaries() throws Exception {
    List<BDict> overUdp = new ArrayList<>();
    NgMediaControl ng =
        new NgMediaControl(
            List.of(
                new RelayNode(
                    "n1",
                    1,
                    dict -> {
                      overUdp.add(dict);
                      return CompletableFuture.completedFuture(NgResponse.ok());
                    })),
            MediaSettings.DEFAULTS,
            (task, delay) -> () -> {},
            NgMediaControl.DEFAULT_PROBE_INTERVAL);
    List<BDict> inProcess = new ArrayList<>();
    InProcessMediaControl local =
        new InProcessMediaControl(
            request -> {
              inProcess.add(request.body());
              return CompletableFuture.completedFuture(NgResponse.ok());
            },
            MediaSettings.DEFAULTS);
    for (MediaControl m : List.<MediaControl>of(ng, local)) {
      m.offer(offer()).toCompletableFuture().join();
      m.answer(new MediaAnswer("call-1", "alice", "bob", "z9hG4bK1", SDP))
          .toCompletableFuture()
          .join();
      m.delete(MediaDelete.call("call-1", "alice")).toCompletableFuture().join();
    }
    assertThat(overUdp).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(BencodeEncoder.encode(inProcess.get(i)))
          .isEqualTo(BencodeEncoder.encode(overUdp.get(i)));
    }
  }

  @Test
  void repliesMapToAcceptedRejectedOrUnavailable() {
    assertThat(NgRequests.result(NgResponse.okBuilder().put("sdp", "v=0").build()))
        .isInstanceOfSatisfying(
            MediaResult.Sdp.class,
            s -> assertThat(new String(s.sdp(), StandardCharsets.UTF_8)).isEqualTo("v=0"));
    assertThat(NgRequests.result(NgResponse.error("Failed to parse SDP")))
        .isEqualTo(new MediaResult.Rejected("Failed to parse SDP"));
    assertThat(NgRequests.result(NgResponse.error(NgResponse.OUT_OF_PORTS)))
        .isEqualTo(
            new MediaResult.Unavailable(NgResponse.OUT_OF_PORTS, NgRequests.RETRY_AFTER_SECONDS));
    assertThat(NgRequests.result(NgResponse.loadLimit("Load limit exceeded")))
        .isInstanceOf(MediaResult.Unavailable.class);
  }

  @Test
  void inProcessMapsAFailedHandlerStageToARejection() throws Exception {
    InProcessMediaControl local =
        new InProcessMediaControl(
            request ->
                CompletableFuture.failedFuture(new io.isthmus.ng.NgException("Unknown call-id")),
            MediaSettings.DEFAULTS);
    assertThat(local.answer(new MediaAnswer("x", "a", "b", null, SDP)).toCompletableFuture().get())
        .isEqualTo(new MediaResult.Rejected("Unknown call-id"));
  }
}
