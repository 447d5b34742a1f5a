package io.isthmus.bench.relayload;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sets calls up and tears them down over NG, as Kamailio's rtpengine module would for a call from
 * the public to the private network: {@code offer} with {@code direction=[public, private]}, then
 * {@code answer}, then {@code delete}. Requests go out a window at a time so that a thousand calls
 * take a second, not a thousand round trips.
 */
final class NgCalls implements AutoCloseable {
  private static final int IN_FLIGHT = 32;
  private static final long REPLY_WAIT_SECONDS = 30;

  private final NgClient client;
  private final String prefix;

  private NgCalls(NgClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  /** A client for the relay at {@code ng}; call-ids start with {@code prefix}. */
  static NgCalls connect(InetSocketAddress ng, String prefix) throws InterruptedException {
    return new NgCalls(
        NgClient.start(NgClientConfig.of(ng).withTimeout(Duration.ofSeconds(2), 3)), prefix);
  }

  /** Polls {@code ping} until the relay answers or {@code patience} is over. */
  void awaitReady(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        NgResponse r =
            client
                .send(BDict.builder().put("command", "ping").build())
                .toCompletableFuture()
                .get(1, TimeUnit.SECONDS);
        if ("pong".equals(r.result())) {
          return;
        }
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("relay at " + client.node() + " does not answer ping", e);
        }
      }
      Thread.sleep(100);
    }
  }

  String callId(int call) {
    return prefix + "-" + call;
  }

  /**
   * Sets up {@code publicParties.size()} calls; call {@code i} joins {@code publicParties[i]} and
   * {@code privateParties[i]}. Fails on the first error reply (e.g. "Ran out of ports").
   */
  List<CallLeg> setUp(List<InetSocketAddress> publicParties, List<InetSocketAddress> privateParties)
      throws Exception {
    List<CallLeg> legs = new ArrayList<>(publicParties.size());
    for (int from = 0; from < publicParties.size(); from += IN_FLIGHT) {
      int to = Math.min(publicParties.size(), from + IN_FLIGHT);
      List<CompletableFuture<CallLeg>> window = new ArrayList<>();
      for (int i = from; i < to; i++) {
        window.add(setUp(i, publicParties.get(i), privateParties.get(i)));
      }
      for (CompletableFuture<CallLeg> f : window) {
        legs.add(f.get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS));
      }
    }
    return legs;
  }

  private CompletableFuture<CallLeg> setUp(
      int call, InetSocketAddress caller, InetSocketAddress callee) {
    BDict offer =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", callId(call))
            .put("from-tag", "pub-" + call)
            .put("sdp", sdp("caller", caller))
            .putStrings("direction", List.of("public", "private"))
            .putStrings("flags", List.of("trust-address"))
            .build();
    return send(offer)
        .thenCompose(
            offerReply -> {
              InetSocketAddress forCallee = relayAddress(offerReply, "offer " + callId(call));
              BDict answer =
                  BDict.builder()
                      .put("command", "answer")
                      .put("call-id", callId(call))
                      .put("from-tag", "pub-" + call)
                      .put("to-tag", "priv-" + call)
                      .put("sdp", sdp("callee", callee))
                      .putStrings("flags", List.of("trust-address"))
                      .build();
              return send(answer)
                  .thenApply(
                      answerReply ->
                          new CallLeg(
                              caller,
                              callee,
                              relayAddress(answerReply, "answer " + callId(call)),
                              forCallee));
            });
  }

  /** Deletes calls {@code 0..count-1}; unknown calls (already timed out) are not an error. */
  void deleteAll(int count) throws Exception {
    for (int from = 0; from < count; from += IN_FLIGHT) {
      List<CompletableFuture<NgResponse>> window = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + IN_FLIGHT); i++) {
        window.add(
            client
                .send(
                    BDict.builder()
                        .put("command", "delete")
                        .put("call-id", callId(i))
                        .put("from-tag", "pub-" + i)
                        .build())
                .toCompletableFuture());
      }
      for (CompletableFuture<NgResponse> f : window) {
        f.get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  private CompletableFuture<NgResponse> send(BDict request) {
    return client.send(request).toCompletableFuture();
  }

  /** An audio-only PCMU offer or answer from {@code party}, with CRLF line ends as SIP has them. */
  static String sdp(String user, InetSocketAddress party) {
    String ip = party.getAddress().getHostAddress();
    return "v=0\r\n"
        + ("o=" + user + " 1 1 IN IP4 " + ip + "\r\n")
        + "s=-\r\n"
        + ("c=IN IP4 " + ip + "\r\n")
        + "t=0 0\r\n"
        + ("m=audio " + party.getPort() + " RTP/AVP 0\r\n")
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=sendrecv\r\n";
  }

  /** The relay's address for the party that receives this reply's SDP: its c= and m=audio port. */
  static InetSocketAddress relayAddress(NgResponse reply, String what) {
    if (!reply.isSuccess()) {
      throw new IllegalStateException(what + " failed: " + reply);
    }
    BValue sdp = reply.body().get("sdp");
    if (!(sdp instanceof BString text)) {
      throw new IllegalStateException(what + ": reply without SDP: " + reply);
    }
    String address = null;
    int port = -1;
    for (String line : text.asString().split("\r?\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        address = line.substring("c=IN IP4 ".length()).trim();
      } else if (line.startsWith("m=audio ")) {
        port = Integer.parseInt(line.split(" ")[1]);
      }
    }
    if (address == null || port <= 0) {
      throw new IllegalStateException(what + ": no c= or m=audio port in " + text.asString());
    }
    return new InetSocketAddress(InetAddress.ofLiteral(address), port);
  }

  @Override
  public void close() {
    client.close();
  }
}
