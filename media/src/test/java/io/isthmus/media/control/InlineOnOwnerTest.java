package io.isthmus.media.control;

import static io.isthmus.media.control.SdpShapeTest.ALICE;
import static io.isthmus.media.control.SdpShapeTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.relay.CallListener;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process binding of {@code isthmus run}: the handler on the proxy's event-loop group, and
 * the proxy calling it from the loop that owns the call. There the command runs inline and the
 * reply is complete when {@code handle} returns; from any other thread it is the same reply, later.
 * The group outlives every handler (each test closes one; the next starts on the same group).
 */
class InlineOnOwnerTest extends ControlTestSupport {
  private static final boolean EPOLL = Epoll.isAvailable();
  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(
          2, EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

  @AfterAll
  static void stopGroup() {
    GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  @Override
  RelayCommandHandler newHandler(ControlConfig control) {
    return RelayCommandHandler.start(relayConfig(), control, GROUP, EPOLL, CallListener.none());
  }

  /** The loop the proxy gives this call: by Call-ID hash over the group in iteration order. */
  private static EventLoop owner(String callId) {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor e : GROUP) {
      loops.add((EventLoop) e);
    }
    return loops.get(Math.floorMod(callId.hashCode(), loops.size()));
  }

  private static EventLoop another(String callId) {
    for (EventExecutor e : GROUP) {
      if (e != owner(callId)) {
        return (EventLoop) e;
      }
    }
    throw new AssertionError("a group of one loop");
  }

  /** What {@code handle} gave back on {@code loop}: whether done on return, and the reply. */
  record Handled(boolean doneOnReturn, NgResponse reply) {}

  private Handled handleOn(EventLoop loop, Ng request) throws Exception {
    NgRequest req = NgRequest.of(request.build());
    CompletableFuture<CompletableFuture<NgResponse>> handed = new CompletableFuture<>();
    boolean done =
        loop.submit(
                () -> {
                  CompletableFuture<NgResponse> f = handler.handle(req).toCompletableFuture();
                  handed.complete(f);
                  return f.isDone();
                })
            .get(5, TimeUnit.SECONDS);
    return new Handled(done, handed.get().get(5, TimeUnit.SECONDS));
  }

  private Handled inline(String callId, Ng request) throws Exception {
    Handled h = handleOn(owner(callId), request);
    assertThat(h.doneOnReturn()).as("complete when handle returns on the owning loop").isTrue();
    assertThat(h.reply().result()).as("reply %s", h.reply()).isEqualTo("ok");
    return h;
  }

  @Test
  void offerAnswerAndDeleteOnTheOwningLoopAreCompleteOnReturn() throws Exception {
    String offer =
        sdp(
            inline("inline-1", Ng.offer("inline-1", "ft", ALICE).direction("public", "private"))
                .reply());
    String answer = sdp(inline("inline-1", Ng.answer("inline-1", "ft", "tt", BOB)).reply());
    NgResponse query = inline("inline-1", Ng.command("query").put("call-id", "inline-1")).reply();
    NgResponse deleted =
        inline("inline-1", Ng.command("delete").put("call-id", "inline-1").put("from-tag", "ft"))
            .reply();

    assertThat(offer).contains("c=IN IP4 127.0.2.1\n");
    assertThat(answer).contains("c=IN IP4 127.0.1.1\n");
    assertThat(CallFlowTest.tags(query).containsKey("tt")).isTrue();
    assertThat(CallFlowTest.tags(deleted).containsKey("tt")).isTrue();
    // the delete delay (30 s) is a timer on the call's loop: until it fires the call is listed
    assertThat(handler.callCount()).isEqualTo(1);
  }

  @Test
  void fromAnotherThreadTheSameCommandsGiveTheSameReplies() throws Exception {
    String offerInline =
        sdp(
            inline("inline-2", Ng.offer("inline-2", "ft", ALICE).direction("public", "private"))
                .reply());
    String answerInline = sdp(inline("inline-2", Ng.answer("inline-2", "ft", "tt", BOB)).reply());

    // the test thread (as the NG server's is): handed to the call's loop
    String offerHanded = sdp(ok(Ng.offer("inline-3", "ft", ALICE).direction("public", "private")));
    // another loop of the group (a message that arrived on the wrong loop)
    Handled answerHanded = handleOn(another("inline-3"), Ng.answer("inline-3", "ft", "tt", BOB));

    assertThat(normalise(offerHanded)).isEqualTo(normalise(offerInline));
    assertThat(normalise(sdp(answerHanded.reply()))).isEqualTo(normalise(answerInline));
    assertThat(handler.callCount()).isEqualTo(2);
  }
}
