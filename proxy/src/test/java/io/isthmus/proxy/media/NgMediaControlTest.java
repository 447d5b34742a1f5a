package io.isthmus.proxy.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.net.NgTimeoutException;
import io.isthmus.testkit.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class NgMediaControlTest {
  private static final byte[] SDP = "v=0\r\n".getBytes(StandardCharsets.UTF_8);

  /** A node stand-in: records commands; answers ok, or times out while {@code down}. */
  private static final class Node {
    final String name;
    final List<String> got = new ArrayList<>();
    boolean down;

    Node(String name) {
      this.name = name;
    }

    CompletionStage<NgResponse> send(BDict d) {
      String command = ((BString) d.get("command")).asString();
      BString callId = (BString) d.get("call-id");
      got.add(command + (callId == null ? "" : " " + callId.asString()));
      if (down) {
        return CompletableFuture.failedFuture(new NgTimeoutException("no reply from " + name));
      }
      return CompletableFuture.completedFuture(
          command.equals("ping")
              ? NgResponse.pong()
              : NgResponse.okBuilder().put("sdp", name).build());
    }

    RelayNode relay(int weight) {
      return new RelayNode(name, weight, this::send);
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Node a = new Node("a");
  private final Node b = new Node("b");
  private final NgMediaControl media =
      new NgMediaControl(
          List.of(a.relay(1), b.relay(1)),
          MediaSettings.DEFAULTS,
          clock,
          clock,
          // this stand-in keeps no sessions to list: no reconcile
          new NodeChecks(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO),
          PinExpiry.DEFAULTS);

  private static MediaOffer offer(String callId) {
    return new MediaOffer(callId, "ft", null, null, SDP, List.of("public", "private"), null);
  }

  private static String sdpOf(MediaResult r) {
    return new String(((MediaResult.Sdp) r).sdp(), StandardCharsets.UTF_8);
  }

  @Test
  void everyCommandOfACallGoesToTheNodeItsOfferWentTo() {
    for (int i = 0; i < 20; i++) {
      String id = "call-" + i;
      String node = sdpOf(media.offer(offer(id)).toCompletableFuture().join());
      assertThat(
              sdpOf(
                  media
                      .answer(new MediaAnswer(id, "ft", "tt", null, SDP))
                      .toCompletableFuture()
                      .join()))
          .isEqualTo(node);
      media.delete(MediaDelete.call(id, "ft")).toCompletableFuture().join();
      assertThat((node.equals("a") ? a : b).got).contains("delete " + id);
    }
    assertThat(a.got).isNotEmpty();
    assertThat(b.got).isNotEmpty();
    assertThat(media.pinnedCalls()).isZero();
  }

  @Test
  void weightsShareNewCallsInProportion() {
    Node heavy = new Node("heavy");
    Node light = new Node("light");
    NgMediaControl weighted =
        new NgMediaControl(
            List.of(heavy.relay(3), light.relay(1)),
            MediaSettings.DEFAULTS,
            clock,
            Duration.ofSeconds(5));
    for (int i = 0; i < 400; i++) {
      weighted.offer(offer("w" + i)).toCompletableFuture().join();
    }
    assertThat(heavy.got.size()).isBetween(240, 360);
    assertThat(heavy.got.size() + light.got.size()).isEqualTo(400);
  }

  @Test
  void aNodeThatTimesOutIsSkippedForNewCallsUntilAPingSucceeds() {
    a.down = true;
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(sdpOf(media.offer(offer("d" + i)).toCompletableFuture().join()));
    }
    assertThat(nodes).containsOnly("b");
    assertThat(media.nodes().getFirst().alive()).isFalse();
    assertThat(a.got.stream().filter(c -> c.startsWith("offer"))).hasSize(1);

    clock.advance(Duration.ofSeconds(5));
    assertThat(a.got).contains("ping");
    assertThat(media.nodes().getFirst().alive()).isFalse();
    a.down = false;
    clock.advance(Duration.ofSeconds(5));
    assertThat(media.nodes().getFirst().alive()).isTrue();
  }

  @Test
  void noLiveNodeMeansUnavailable() {
    a.down = true;
    b.down = true;
    assertThat(media.offer(offer("x")).toCompletableFuture().join())
        .isInstanceOf(MediaResult.Unavailable.class);
    assertThat(media.pinnedCalls()).isZero();
  }

  @Test
  void aCallPinnedToANodeThatDiesReportsUnavailable() {
    String node = sdpOf(media.offer(offer("p")).toCompletableFuture().join());
    (node.equals("a") ? a : b).down = true;
    assertThat(
            media.answer(new MediaAnswer("p", "ft", "tt", null, SDP)).toCompletableFuture().join())
        .isInstanceOf(MediaResult.Unavailable.class);
  }

  @Test
  void anOfferWithoutAnswerIsUnpinnedAfterTheRelaysOfferTimeout() {
    media.offer(offer("o1")).toCompletableFuture().join();
    media.offer(offer("o2")).toCompletableFuture().join();
    media.answer(new MediaAnswer("o2", "ft", "tt", null, SDP)).toCompletableFuture().join();
    assertThat(media.pinnedCalls()).isEqualTo(2);

    clock.advance(PinExpiry.DEFAULT_OFFER_TIMEOUT.minusMinutes(2));
    assertThat(media.pinnedCalls()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(3));
    assertThat(media.pinnedCalls()).as("o1 went, the answered o2 stays").isEqualTo(1);

    // o2's delete still reaches its node
    String node = sdpOf(media.offer(offer("o2")).toCompletableFuture().join());
    media.delete(MediaDelete.call("o2", "ft")).toCompletableFuture().join();
    assertThat((node.equals("a") ? a : b).got).contains("delete o2");
    assertThat(media.pinnedCalls()).isZero();
  }

  @Test
  void anAnsweredCallWithoutDeleteIsUnpinnedAfterTheIdleTimeoutButNotWhileInUse() {
    media.offer(offer("i1")).toCompletableFuture().join();
    media.answer(new MediaAnswer("i1", "ft", "tt", null, SDP)).toCompletableFuture().join();
    clock.advance(PinExpiry.DEFAULT_IDLE_TIMEOUT.minusHours(1));
    media.offer(offer("i1")).toCompletableFuture().join(); // a re-offer keeps it pinned
    clock.advance(Duration.ofHours(2));
    assertThat(media.pinnedCalls()).isEqualTo(1);
    clock.advance(PinExpiry.DEFAULT_IDLE_TIMEOUT);
    assertThat(media.pinnedCalls()).isZero();
  }
}
