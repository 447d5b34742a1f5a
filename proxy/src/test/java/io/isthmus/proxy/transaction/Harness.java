package io.isthmus.proxy.transaction;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A layer on a fake clock with a recording transport and user; To tags are tag1, tag2, ... */
final class Harness {
  static final Hop CALLER_UDP = new Hop("public", new InetSocketAddress("192.0.2.10", 5060), false);
  static final Hop CALLER_TCP = new Hop("public", new InetSocketAddress("192.0.2.10", 5060), true);
  static final Hop GATEWAY_UDP =
      new Hop("private", new InetSocketAddress("10.0.0.20", 5060), false);
  static final Hop GATEWAY_TCP = new Hop("private", new InetSocketAddress("10.0.0.20", 5060), true);

  final FakeClock clock = new FakeClock();
  final RecordingTransport transport = new RecordingTransport(clock);
  final RecordingUser user = new RecordingUser();
  final TransactionLayer layer;
  private int tags;

  Harness() {
    this(TransactionConfig.DEFAULTS);
  }

  Harness(TransactionConfig config) {
    layer = new TransactionLayer(config, clock, transport, user, () -> "tag" + ++tags);
  }

  void advanceMillis(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  /** Advances to {@code millis} after the start. */
  void atMillis(long millis) {
    long now = (clock.nanos() - 1_000_000_000_000L) / 1_000_000;
    advanceMillis(millis - now);
  }

  void receive(SipRequest request, Hop source) {
    try {
      layer.onRequest(request, source);
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }

  void receive(SipResponse response, Hop source) {
    try {
      layer.onResponse(response, source);
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }
}
