package io.isthmus.bench.relayload;

import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Warms the generator's own NG client before it times a relay. The fresh-start figure is the
 * relay's, but the generator is a fresh JVM too: timed cold, its interpreter (bencode, SDP,
 * futures) was most of the 1.1 s that both engines "took" for 500 calls. So the generator first
 * sets up and deletes calls against an echo on loopback in its own process, which answers every
 * offer and answer with the SDP it was sent, and never against a relay.
 */
final class ClientWarmUp {
  /** Enough for C2 on the client's per-request methods; some 50-200 ms once compiled. */
  static final int CALLS = 4_000;

  private ClientWarmUp() {}

  /** Runs {@code CALLS} calls against the echo; returns how long they took, in ms. */
  static double run() throws Exception {
    NgCommandHandler echo =
        request ->
            CompletableFuture.completedFuture(
                request.sdp() == null
                    ? NgResponse.ok()
                    : NgResponse.okBuilder().put("sdp", request.sdp()).build());
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    long t0 = System.nanoTime();
    try (NgServer server = NgServer.start(NgServerConfig.defaults().withBind(loopback), echo);
        NgCalls calls = NgCalls.connect(server.localAddress(), "client-warm-up")) {
      calls.setUp(
          MemoryStep.parties("127.0.1.100", CALLS), MemoryStep.parties("127.0.2.100", CALLS));
      calls.deleteAll(CALLS);
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
