package io.isthmus.proxy.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.testkit.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@code ctl relay drain}: a drained node gets no new call, its calls keep it to their end, it
 * takes calls again when undrained; and a call carried on from another process is pinned to the
 * node its replica names.
 */
class RelayDrainTest {
  private static final byte[] SDP = "v=0\r\n".getBytes(StandardCharsets.UTF_8);

  /** A node stand-in: records the Call-ID of every command; answers ok with its name as SDP. */
  private static final class Node {
    final String name;
    final List<String> got = new ArrayList<>();

    Node(String name) {
      this.name = name;
    }

    CompletionStage<NgResponse> send(BDict d) {
      String command = ((BString) d.get("command")).asString();
      BString callId = (BString) d.get("call-id");
      got.add(command + (callId == null ? "" : " " + callId.asString()));
      return CompletableFuture.completedFuture(
          command.equals("ping")
              ? NgResponse.pong()
              : NgResponse.okBuilder().put("sdp", name).build());
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Node a = new Node("a");
  private final Node b = new Node("b");
  private final NgMediaControl media =
      new NgMediaControl(
          List.of(new RelayNode("a", 1, a::send), new RelayNode("b", 1, b::send)),
          MediaSettings.DEFAULTS,
          clock,
          clock,
          new NodeChecks(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO),
          PinExpiry.DEFAULTS);

  private String offer(String callId) {
    MediaResult r =
        media
            .offer(
                new MediaOffer(callId, "ft", null, null, SDP, List.of("public", "private"), null))
            .toCompletableFuture()
            .join();
    return new String(((MediaResult.Sdp) r).sdp(), StandardCharsets.UTF_8);
  }

  private void delete(String callId) {
    media.delete(MediaDelete.call(callId, "ft")).toCompletableFuture().join();
  }

  private int calls(String node) {
    return media.nodeStatus().stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow()
        .calls();
  }

  @Test
  void aDrainedNodeKeepsItsCallsAndGetsNoNewOneUntilUndrained() {
    List<String> onA = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (offer("c" + i).equals("a")) {
        onA.add("c" + i);
      }
    }
    int before = onA.size();
    assertThat(before).isBetween(1, 39); // both nodes carry calls
    assertThat(calls("a") + calls("b")).isEqualTo(40);

    assertThat(media.drain("a", true)).isEqualTo(before);
    assertThat(media.nodeStatus().getFirst().draining()).isTrue();
    long offersToA = a.got.stream().filter(c -> c.startsWith("offer")).count();
    for (int i = 0; i < 30; i++) {
      assertThat(offer("n" + i)).as("new call n" + i).isEqualTo("b");
    }
    assertThat(a.got.stream().filter(c -> c.startsWith("offer"))).hasSize((int) offersToA);
    assertThat(calls("a")).isEqualTo(before);
    assertThat(calls("b")).isEqualTo(40 - before + 30);

    // the drained node's calls still get their re-offers, answers and deletes
    String first = onA.getFirst();
    assertThat(offer(first)).isEqualTo("a");
    for (String id : onA) {
      delete(id);
      assertThat(a.got).contains("delete " + id);
    }
    assertThat(calls("a")).isZero();

    assertThat(media.drain("a", false)).isZero();
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      nodes.add(offer("u" + i));
    }
    assertThat(nodes).contains("a", "b");
  }

  @Test
  void drainingEveryNodeRefusesNewCallsWithTheReason() {
    media.drain("a", true);
    media.drain("b", true);
    MediaResult r =
        media
            .offer(new MediaOffer("x", "ft", null, null, SDP, List.of("public", "private"), null))
            .toCompletableFuture()
            .join();
    assertThat(r).isEqualTo(new MediaResult.Unavailable("every relay node up is draining"));
    assertThat(media.drain("nowhere", true)).isEqualTo(-1);
  }

  @Test
  void aCallCarriedOnFromAnotherProcessIsPinnedToItsNode() {
    // "p" would hash to some node; the replica says b, so everything of it goes to b
    assertThat(media.pin("p", "b")).isTrue();
    assertThat(media.pinnedNode("p")).isEqualTo("b");
    assertThat(media.pin("q", "gone")).isFalse();
    delete("p");
    assertThat(b.got).containsExactly("delete p");
    assertThat(a.got).isEmpty();
    assertThat(media.pinnedNode("p")).isNull();
  }
}
