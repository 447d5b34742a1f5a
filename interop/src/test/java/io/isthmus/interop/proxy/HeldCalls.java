package io.isthmus.interop.proxy;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A caller that sets up calls through the proxy and holds them until the test hangs them up: each
 * INVITE (with audio SDP) retransmitted until its final answer, its 2xx acknowledged along the
 * Record-Route set; later a BYE per call, retransmitted every 500 ms (RFC 3261 Timer E) until
 * answered. What each side saw is counted by Call-ID, so the counts are exact.
 */
final class HeldCalls {
  private static final Duration RETRANSMIT = Duration.ofMillis(500);

  private final TestUserAgent caller;
  private final InetSocketAddress proxy;
  private final String prefix;
  private final Map<String, SipResponse> answered = new LinkedHashMap<>();
  private boolean video;

  HeldCalls(TestUserAgent caller, InetSocketAddress proxy, String prefix) {
    this.caller = caller;
    this.proxy = proxy;
    this.prefix = prefix;
  }

  /** Offers a video stream beside the audio (what sipp's gateway.xml insists on). */
  HeldCalls withVideo() {
    this.video = true;
    return this;
  }

  /** Places {@code n} calls one after the other; each must be answered 200 within the limit. */
  void place(int n, Duration perCall) {
    String host = caller.address().getAddress().getHostAddress();
    for (int i = 0; i < n; i++) {
      String callId = prefix + "-" + i;
      String sdp =
          "v=0\no=caller 1 1 IN IP4 "
              + host
              + "\ns=-\nc=IN IP4 "
              + host
              + "\nt=0 0\nm=audio "
              + (20000 + 4 * i)
              + " RTP/AVP 0\n"
              + (video
                  ? "m=video " + (20002 + 4 * i) + " RTP/AVP 96\na=rtpmap:96 H264/90000\n"
                  : "");
      String invite =
          "INVITE sip:bob@"
              + proxy.getHostString()
              + ":"
              + proxy.getPort()
              + " SIP/2.0\n"
              + "Via: SIP/2.0/UDP "
              + caller.hostPort()
              + ";branch=z9hG4bK-"
              + callId
              + ";rport\n"
              + "Max-Forwards: 70\n"
              + "From: <sip:alice@"
              + host
              + ">;tag=a-"
              + callId
              + "\nTo: <sip:bob@"
              + proxy.getHostString()
              + ">\nCall-ID: "
              + callId
              + "\nCSeq: 1 INVITE\nContact: <sip:alice@"
              + caller.hostPort()
              + ">\nContent-Type: application/sdp\nContent-Length: ?\n\n"
              + sdp;
      SipMessage m = TestUserAgent.parse(invite);
      SipResponse ok = null;
      long deadline = System.nanoTime() + perCall.toNanos();
      while (ok == null && System.nanoTime() < deadline) {
        caller.send(m, proxy);
        ok = caller.awaitResponse(callId, "INVITE", 200, RETRANSMIT);
      }
      if (ok == null) {
        throw new AssertionError("call " + callId + " not answered 200 within " + perCall);
      }
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      answered.put(callId, ok);
    }
  }

  /** The Call-IDs of the calls up. */
  List<String> callIds() {
    return new ArrayList<>(answered.keySet());
  }

  /**
   * Sends every call's BYE, retransmitting each until its final answer or {@code perCall}; returns
   * the Call-IDs whose BYE was answered 200.
   */
  Set<String> hangUp(Duration perCall) throws SipParseException {
    Map<String, SipRequest> byes = new LinkedHashMap<>();
    for (Map.Entry<String, SipResponse> e : answered.entrySet()) {
      SipRequest bye = caller.inDialog("BYE", e.getValue(), 2, null);
      byes.put(e.getKey(), bye);
      caller.send(bye, TestUserAgent.nextHop(bye));
    }
    Set<String> ok = new HashSet<>();
    long deadline = System.nanoTime() + perCall.toNanos();
    while (ok.size() < byes.size() && System.nanoTime() < deadline) {
      for (Map.Entry<String, SipRequest> e : byes.entrySet()) {
        if (ok.contains(e.getKey())) {
          continue;
        }
        if (caller.awaitResponse(e.getKey(), "BYE", 200, Duration.ZERO) != null) {
          ok.add(e.getKey());
        }
      }
      if (ok.size() < byes.size()) {
        sleep(RETRANSMIT);
        for (Map.Entry<String, SipRequest> e : byes.entrySet()) {
          if (!ok.contains(e.getKey())
              && caller.awaitResponse(e.getKey(), "BYE", 200, Duration.ZERO) == null) {
            caller.send(e.getValue(), TestUserAgent.nextHop(e.getValue()));
          }
        }
      }
    }
    return ok;
  }

  /** Distinct Call-IDs of the requests of {@code method} that {@code ua} received. */
  static Set<String> requestsSeen(TestUserAgent ua, String method) {
    Set<String> ids = new HashSet<>();
    for (SipMessage m : ua.received()) {
      if (m instanceof SipRequest r && r.method().name().equals(method)) {
        try {
          ids.add(r.callId());
        } catch (SipParseException e) {
          // unreadable: not one of ours
        }
      }
    }
    return ids;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis()); // Timer E: the retransmission interval itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
