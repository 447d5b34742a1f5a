package io.isthmus.proxy.core;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;

/**
 * Branch parameters of the requests this proxy forwards (RFC 3261 §16.6 step 8) and loop detection
 * with them (§16.3 step 4):
 *
 * <pre>
 *   z9hG4bK-is-&lt;16 hex: loop hash of the received request&gt;-&lt;attempt&gt;
 * </pre>
 *
 * The loop hash covers what §16.6 step 8 lists as deciding a loop: the Request-URI, the From and To
 * tags, the Call-ID, the CSeq number and method and Proxy-Require; the attempt number makes the
 * branches of serial failover (one per gateway) distinct. Route values are left out: this proxy
 * removes its own Route entries before forwarding, so a request that comes back had different ones
 * and would never match. A received request that carries a Via of ours whose branch has the hash of
 * this very request has been here before unchanged: a loop (482). A spiral (the request came back
 * with another Request-URI) hashes differently and is forwarded again.
 */
final class Branches {
  private static final String PREFIX = Via.MAGIC_COOKIE + "-is-";

  private Branches() {}

  /** Starts a client transaction for a forwarded request and routes its outcome to an owner. */
  @FunctionalInterface
  interface Sender {
    io.isthmus.proxy.transaction.ClientTransaction send(
        SipRequest request, io.isthmus.proxy.transaction.Hop hop, BranchOwner owner);
  }

  /** The loop hash of a received request, 16 hex digits. */
  static String loopHash(SipRequest request) throws SipParseException {
    long h = 0xcbf29ce484222325L;
    h = mix(h, request.requestUriText());
    h = mix(h, String.valueOf(request.from().tag()));
    h = mix(h, String.valueOf(request.to().tag()));
    h = mix(h, request.callId());
    h = mix(h, request.cseq().number() + " " + request.cseq().method());
    for (String v : request.headerValues(HeaderName.PROXY_REQUIRE)) {
      h = mix(h, v);
    }
    return String.format("%016x", h);
  }

  /** The branch for {@code attempt} (0, 1, ...) of forwarding a request with {@code loopHash}. */
  static String branch(String loopHash, int attempt) {
    return PREFIX + loopHash + "-" + attempt;
  }

  /** True when one of our Vias in {@code request} carries a branch with {@code loopHash}. */
  static boolean loops(SipRequest request, String loopHash, LocalSockets sockets)
      throws SipParseException {
    String mark = PREFIX + loopHash + "-";
    for (Via via : request.vias()) {
      String branch = via.branch();
      if (branch != null && branch.startsWith(mark) && sockets.isUs(via)) {
        return true;
      }
    }
    return false;
  }

  /** FNV-1a over the UTF-8 bytes, with a separator so that field boundaries count. */
  private static long mix(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= 0x1f;
    return h * 0x100000001b3L;
  }
}
