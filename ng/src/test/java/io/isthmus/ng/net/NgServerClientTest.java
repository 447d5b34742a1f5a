package io.isthmus.ng.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NG server and client over real UDP on 127.0.0.1 with ephemeral ports. */
class NgServerClientTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final AtomicInteger executions = new AtomicInteger();
  private volatile CompletableFuture<NgResponse> pendingReply;
  private NgServer server;
  private NgClient client;
  private DatagramSocket raw;

  /** Answers offers with a rewritten SDP; "slow" call-ids wait for the test; others fail. */
  private final NgCommandHandler handler =
      request -> {
        executions.incrementAndGet();
        return switch (request.callId()) {
          case "slow", "never" -> pendingReply = new CompletableFuture<>();
          case "unknown" -> CompletableFuture.failedFuture(new NgException("Unknown call-id"));
          case "bug" -> throw new IllegalStateException("handler bug");
          case "echo" ->
              CompletableFuture.completedFuture(
                  NgResponse.okBuilder().put("sdp", request.sdp()).build());
          default ->
              CompletableFuture.completedFuture(
                  request.command() == NgCommand.OFFER
                      ? NgResponse.okBuilder().put("sdp", "v=0\r\nc=IN IP4 203.0.113.1\r\n").build()
                      : NgResponse.ok());
        };
      };

  private void startServer(NgServerConfig config) throws Exception {
    server = NgServer.start(config.withBind(new InetSocketAddress(LOOPBACK, 0)), handler);
    client = NgClient.start(NgClientConfig.of(server.localAddress()));
    raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    raw.setSoTimeout(5000); // bounded wait for replies that must come
  }

  private void startServer() throws Exception {
    startServer(NgServerConfig.defaults());
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private static BDict offer(String callId) {
    return BDict.builder()
        .put("command", "offer")
        .put("call-id", callId)
        .put("from-tag", "ft")
        .put("sdp", "v=0\r\n")
        .build();
  }

  private void sendRaw(String datagram) throws Exception {
    byte[] b = datagram.getBytes(UTF_8);
    raw.send(new DatagramPacket(b, b.length, server.localAddress()));
  }

  private String receiveRaw() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    raw.receive(p);
    return new String(p.getData(), 0, p.getLength(), UTF_8);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
      Thread.sleep(5); // polling a condition with a deadline, not waiting for time to pass
    }
  }

  @Test
  void answersPingWithPongWithoutTheHandler() throws Exception {
    startServer();
    NgResponse r =
        client
            .send(BDict.builder().put("command", "ping").build())
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(r.result()).isEqualTo("pong");
    assertThat(executions).hasValue(0);
  }

  @Test
  void carriesDatagramsLargerThanNettysDefaultBufferBothWays() throws Exception {
    startServer();
    // 20 KB of SDP: far beyond Netty's 2048-byte default, like a query reply with stats.
    String sdp = "v=0\r\n" + "a=x-filler:0123456789abcdef0123456789abcdef\r\n".repeat(450);
    BDict request =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", "echo")
            .put("from-tag", "ft")
            .put("sdp", sdp)
            .build();

    NgResponse r = client.send(request).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(r.body().get("sdp").toString()).isEqualTo(sdp);
  }

  @Test
  void handsAnOfferToTheHandlerAndReturnsItsReply() throws Exception {
    startServer();
    NgResponse r = client.send(offer("c1")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(r.result()).isEqualTo("ok");
    assertThat(r.body().get("sdp").toString()).contains("203.0.113.1");
    assertThat(executions).hasValue(1);
  }

  @Test
  void echoesTheCookieAndAnswersARetransmissionFromTheCacheByteForByte() throws Exception {
    startServer();
    String request = "5323_1 d7:call-id2:c18:from-tag2:ft3:sdp5:v=0\r\n7:command5:offere";
    sendRaw(request);
    String first = receiveRaw();
    sendRaw(request);
    String second = receiveRaw();
    assertThat(first).startsWith("5323_1 d6:result2:ok3:sdp");
    assertThat(second).isEqualTo(first);
    assertThat(executions).hasValue(1);
    assertThat(server.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void aDuplicateWhileExecutingIsNotExecutedAgainAndGetsTheReply() throws Exception {
    startServer();
    String request = "dup_1 d7:call-id4:slow8:from-tag2:ft3:sdp5:v=0\r\n7:command5:offere";
    sendRaw(request);
    await(() -> pendingReply != null);
    sendRaw(request);
    await(() -> server.stats().duplicates() == 1);
    pendingReply.complete(NgResponse.ok()); // completes on the test thread, not the event loop
    assertThat(receiveRaw()).isEqualTo("dup_1 d6:result2:oke");
    assertThat(executions).hasValue(1);
  }

  @Test
  void aDatagramWithoutCookieGetsNoReply() throws Exception {
    startServer();
    sendRaw("d7:command4:pinge");
    sendRaw("after d7:command4:pinge");
    // Replies come in order from one socket: the first one must be the pong to "after".
    assertThat(receiveRaw()).isEqualTo("after d6:result4:ponge");
    assertThat(server.stats().malformed()).isEqualTo(1);
  }

  @Test
  void answersAJsonRequestInJson() throws Exception {
    startServer();
    sendRaw("j1 {\"command\":\"delete\",\"call-id\":\"c1\",\"fatal\":true}");
    assertThat(receiveRaw()).isEqualTo("j1 {\"result\":\"ok\"}");
  }

  @Test
  void answersUndecodableAndInvalidRequestsWithAnErrorReason() throws Exception {
    startServer();
    sendRaw("e1 d7:command4pinge");
    assertThat(receiveRaw())
        .isEqualTo(
            "e1 d12:error-detail56:expected ':' after string length, found 'p' at offset 11"
                + "12:error-reason35:Could not decode bencode dictionary6:result5:errore");
    sendRaw("e2 d7:command5:offere");
    assertThat(receiveRaw())
        .isEqualTo("e2 d12:error-reason22:No SDP body in message6:result5:errore");
    sendRaw("e3 d7:command3:fooe");
    assertThat(receiveRaw())
        .isEqualTo("e3 d12:error-reason20:Unrecognized command6:result5:errore");
    assertThat(executions).hasValue(0);
    assertThat(server.stats().errors()).isEqualTo(3);
  }

  @Test
  void turnsHandlerFailuresIntoErrorReplies() throws Exception {
    startServer();
    NgResponse unknown =
        client.send(offer("unknown")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(unknown.errorReason()).isEqualTo("Unknown call-id");
    NgResponse bug = client.send(offer("bug")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(bug.errorReason()).isEqualTo("Internal error");
  }

  @Test
  void answersARequestWhoseHandlerNeverCompletesWithATimeoutError() throws Exception {
    startServer(NgServerConfig.defaults().withHandlerTimeout(Duration.ofMillis(100)));
    NgResponse r = client.send(offer("never")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(r.errorReason()).isEqualTo("Request timed out");
  }

  @Test
  void clientResendsTheSameDatagramAndGivesUpAfterItsRetries() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        NgClient c =
            NgClient.start(
                NgClientConfig.of((InetSocketAddress) silent.getLocalSocketAddress())
                    .withTimeout(Duration.ofMillis(50), 2))) {
      silent.setSoTimeout(5000);
      CompletableFuture<NgResponse> f =
          c.send(BDict.builder().put("command", "ping").build()).toCompletableFuture();
      byte[][] seen = new byte[3][];
      for (int i = 0; i < 3; i++) {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        silent.receive(p);
        seen[i] = Arrays.copyOf(p.getData(), p.getLength());
      }
      assertThat(seen[1]).isEqualTo(seen[0]);
      assertThat(seen[2]).isEqualTo(seen[0]);
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NgTimeoutException.class)
          .hasMessageContaining("after 3 attempts");
    }
  }

  @Test
  void clientMatchesRepliesByCookieAcrossConcurrentRequests() throws Exception {
    startServer();
    CompletableFuture<?>[] all = new CompletableFuture<?>[50];
    for (int i = 0; i < all.length; i++) {
      String callId = "c" + i;
      all[i] =
          client
              .send(BDict.builder().put("command", "query").put("call-id", callId).build())
              .toCompletableFuture();
    }
    CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);
    assertThat(executions).hasValue(50);
  }

  @Test
  void requestsAreOnlyOfferedToTheHandlerAfterValidation() throws Exception {
    startServer();
    NgRequest.of(offer("x")); // the same request passes validation outside the server too
    assertThat(client.send(offer("x")).toCompletableFuture().get(5, TimeUnit.SECONDS).isSuccess())
        .isTrue();
  }
}
