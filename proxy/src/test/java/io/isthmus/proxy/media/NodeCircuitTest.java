package io.isthmus.proxy.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.net.NgClient;
import io.isthmus.testkit.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The relay nodes as circuits: down at the first unanswered request or socket error, nothing waits
 * on a down node, pings bring it back, and nothing given up on stays in a relay.
 */
class NodeCircuitTest {
  private static final byte[] SDP = "v=0\r\n".getBytes(StandardCharsets.UTF_8);
  private static final Duration REPLY = Duration.ofSeconds(1);
  private static final Duration PROBE = Duration.ofMillis(50);
  private static final Duration RECONCILE = Duration.ofSeconds(10);

  /** A node stand-in: keeps its sessions, answers at once, or hangs, or is gone. */
  private static final class Node {
    enum Mode {
      UP,
      HUNG,
      GONE,
      FULL
    }

    final String name;
    final List<String> got = new ArrayList<>();
    final Set<String> sessions = new LinkedHashSet<>();
    final List<Runnable> held = new ArrayList<>();
    Mode mode = Mode.UP;

    Node(String name) {
      this.name = name;
    }

    synchronized CompletionStage<NgResponse> send(BDict d) {
      String command = ((BString) d.get("command")).asString();
      String callId = d.get("call-id") instanceof BString s ? s.asString() : null;
      got.add(command + (callId == null ? "" : " " + callId));
      return switch (mode) {
        case GONE ->
            CompletableFuture.failedFuture(newUnreachable("ICMP port unreachable from " + name));
        case HUNG -> {
          CompletableFuture<NgResponse> f = new CompletableFuture<>();
          held.add(() -> f.complete(run(command, callId)));
          yield f;
        }
        case FULL ->
            CompletableFuture.completedFuture(
                command.equals("offer")
                    ? NgResponse.error(NgResponse.SESSION_LIMIT)
                    : run(command, callId));
        case UP -> CompletableFuture.completedFuture(run(command, callId));
      };
    }

    /** What the relay does with a command, whenever it gets to run it. */
    private NgResponse run(String command, String callId) {
      switch (command) {
        case "offer" -> sessions.add(callId);
        case "delete" -> {
          if (!sessions.remove(callId)) {
            return NgResponse.error("Unknown call-id");
          }
        }
        case "list" -> {
          return NgResponse.okBuilder()
              .put("calls", BList.ofStrings(List.copyOf(sessions)))
              .build();
        }
        case "ping" -> {
          return NgResponse.pong();
        }
        default -> {}
      }
      return NgResponse.okBuilder().put("sdp", name).build();
    }

    /** The frozen relay resumes: runs what it was sent meanwhile. */
    synchronized void resume() {
      mode = Mode.UP;
      List<Runnable> queued = List.copyOf(held);
      held.clear();
      queued.forEach(Runnable::run);
    }

    long count(String command) {
      return got.stream().filter(c -> c.startsWith(command)).count();
    }

    RelayNode relay() {
      return new RelayNode(name, 1, this::send);
    }
  }

  private static Exception newUnreachable(String why) {
    try {
      var c = NgClient.Unreachable.class.getDeclaredConstructor(String.class);
      c.setAccessible(true);
      return c.newInstance(why);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Node a = new Node("a");
  private final Node b = new Node("b");
  private final List<String> ended = new ArrayList<>();

  private NgMediaControl control(Node... nodes) {
    List<RelayNode> relays = new ArrayList<>();
    for (Node n : nodes) {
      relays.add(n.relay());
    }
    NgMediaControl c =
        new NgMediaControl(
            relays,
            MediaSettings.DEFAULTS,
            clock,
            clock,
            new NodeChecks(REPLY, PROBE, RECONCILE),
            PinExpiry.DEFAULTS);
    c.onRelayEnded((callId, reason) -> ended.add(callId + " " + reason));
    return c;
  }

  private static MediaOffer offer(String callId) {
    return new MediaOffer(callId, "ft", null, null, SDP, List.of("public", "private"), null);
  }

  /** A Call-ID the hash sends to the first of two nodes first. */
  private static String firstOn(NgMediaControl c, RelayNode node, String prefix) {
    for (int i = 0; ; i++) {
      if (c.select(prefix + i, Set.of()) == node) {
        return prefix + i;
      }
    }
  }

  @Test
  void aGoneNodeIsDownAtItsFirstSocketErrorAndNewCallsGoToTheOtherAtOnce() {
    NgMediaControl media = control(a, b);
    a.mode = Node.Mode.GONE;
    String id = firstOn(media, media.nodes().get(0), "g");
    CompletableFuture<MediaResult> r = media.offer(offer(id)).toCompletableFuture();
    assertThat(r).isCompleted(); // no clock moved: nobody waited
    assertThat(r.join().ok()).isTrue();
    assertThat(b.sessions).containsExactly(id);
    assertThat(media.nodes().get(0).alive()).isFalse();
    assertThat(media.nodes().get(0).reason()).contains("unreachable");
    for (int i = 0; i < 20; i++) {
      assertThat(media.offer(offer("n" + i)).toCompletableFuture().join().ok()).isTrue();
    }
    assertThat(a.count("offer")).as("offers sent to the down node").isEqualTo(1);
  }

  @Test
  void aHungNodeIsDownAtTheReplyTimeoutAndEveryOfferWaitingOnItMovesOnThen() {
    NgMediaControl media = control(a, b);
    a.mode = Node.Mode.HUNG;
    List<CompletableFuture<MediaResult>> waiting = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = firstOn(media, media.nodes().get(0), "h" + i + "-");
      ids.add(id);
      waiting.add(media.offer(offer(id)).toCompletableFuture());
      clock.advance(Duration.ofMillis(100)); // offers spread over 0.5 s
    }
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    clock.advance(Duration.ofMillis(500)); // the first offer's reply timeout
    assertThat(waiting).allMatch(CompletableFuture::isDone);
    assertThat(waiting).allMatch(f -> f.join().ok());
    assertThat(b.sessions).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(media.nodes().get(0).alive()).isFalse();

    // the node comes back: the offers it ran late are orphans, deleted; pings bring it back
    a.resume();
    assertThat(a.sessions).isEmpty(); // a late reply to a given-up offer deletes it at once
    clock.advance(PROBE);
    assertThat(media.nodes().get(0).alive()).isTrue();
    assertThat(a.sessions).isEmpty();
  }

  @Test
  void withNoNodeUpAnOfferGets503AtOnceAndNeverWaits() {
    NgMediaControl media = control(a);
    a.mode = Node.Mode.GONE;
    assertThat(media.offer(offer("x1")).toCompletableFuture().join())
        .isInstanceOf(MediaResult.Unavailable.class);
    long sent = a.count("offer");
    CompletableFuture<MediaResult> next = media.offer(offer("x2")).toCompletableFuture();
    assertThat(next).isCompleted();
    assertThat(next.join()).isInstanceOf(MediaResult.Unavailable.class);
    assertThat(a.count("offer")).isEqualTo(sent);
  }

  @Test
  void aDownNodeIsPingedEveryProbeIntervalAndServesAgainAtTheFirstPong() {
    NgMediaControl media = control(a);
    a.mode = Node.Mode.GONE;
    media.offer(offer("p1")).toCompletableFuture().join();
    clock.advance(PROBE.multipliedBy(4));
    assertThat(a.count("ping")).isEqualTo(4);
    a.mode = Node.Mode.UP;
    clock.advance(PROBE);
    assertThat(media.nodes().get(0).alive()).isTrue();
    assertThat(media.offer(offer("p2")).toCompletableFuture().join().ok()).isTrue();
    assertThat(media.nodeStatus().getFirst().up()).isTrue();
    assertThat(media.nodeStatus().getFirst().sinceNanos()).isEqualTo(0);
  }

  @Test
  void aDeleteForADownNodeWaitsAndIsSentWhenItAnswersAgain() {
    NgMediaControl media = control(a);
    assertThat(media.offer(offer("d1")).toCompletableFuture().join().ok()).isTrue();
    a.mode = Node.Mode.GONE;
    media.offer(offer("d2")).toCompletableFuture().join(); // marks it down
    MediaResult r = media.delete(MediaDelete.call("d1", "ft")).toCompletableFuture().join();
    assertThat(r).isInstanceOf(MediaResult.Unavailable.class);
    assertThat(media.nodeStatus().getFirst().orphans()).isEqualTo(2); // d1's delete, d2's offer
    a.mode = Node.Mode.UP;
    clock.advance(PROBE);
    assertThat(a.sessions).isEmpty();
    assertThat(media.nodeStatus().getFirst().orphans()).isZero();
  }

  @Test
  void aSessionLimitTriesTheNextNodeAndOtherwiseAsksTheCallerToRetryLater() {
    NgMediaControl media = control(a, b);
    a.mode = Node.Mode.FULL;
    String id = firstOn(media, media.nodes().get(0), "l");
    assertThat(media.offer(offer(id)).toCompletableFuture().join().ok()).isTrue();
    assertThat(b.sessions).containsExactly(id);
    assertThat(media.nodes().get(0).alive()).as("a full node is not a dead one").isTrue();
    b.mode = Node.Mode.FULL;
    MediaResult r = media.offer(offer(id + "x")).toCompletableFuture().join();
    assertThat(r).isInstanceOf(MediaResult.Unavailable.class);
    assertThat(((MediaResult.Unavailable) r).retryAfterSeconds())
        .isEqualTo(NgRequests.RETRY_AFTER_SECONDS);
    assertThat(((MediaResult.Unavailable) r).reason()).isEqualTo(NgResponse.SESSION_LIMIT);
  }

  @Test
  void reconcileDeletesSessionsNobodyOwnsAndReportsCallsTheRelayLost() {
    NgMediaControl media = control(a);
    assertThat(media.offer(offer("kept")).toCompletableFuture().join().ok()).isTrue();
    assertThat(media.offer(offer("lost")).toCompletableFuture().join().ok()).isTrue();
    a.sessions.add("stray"); // a session no call here owns
    a.sessions.remove("lost"); // the relay timed this one out

    clock.advance(RECONCILE);
    assertThat(ended).containsExactly("lost gone");
    assertThat(a.sessions).as("a stray is only deleted when seen twice").contains("stray");
    clock.advance(RECONCILE);
    assertThat(a.sessions).containsExactly("kept");
    assertThat(media.pinnedCalls()).isEqualTo(1);
    assertThat(ended).containsExactly("lost gone");
  }

  @Test
  void reconcileLeavesAlonesCallsDeletedHereThatTheRelayStillLists() {
    NgMediaControl media = control(a);
    assertThat(media.offer(offer("dd")).toCompletableFuture().join().ok()).isTrue();
    media.delete(MediaDelete.call("dd", "ft")).toCompletableFuture().join();
    a.sessions.add("dd"); // its delete-delay: still listed
    long deletes = a.count("delete");
    clock.advance(RECONCILE.multipliedBy(3));
    assertThat(a.count("delete")).isEqualTo(deletes);
    assertThat(ended).isEmpty();
  }
}
