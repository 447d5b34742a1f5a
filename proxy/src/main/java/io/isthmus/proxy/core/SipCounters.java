package io.isthmus.proxy.core;

import io.isthmus.sip.message.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * SIP messages the proxy received and sent, by request method and response status: what {@code
 * /metrics} shows as {@code isthmus_sip_requests_total} and {@code isthmus_sip_responses_total}.
 * One increment per SIP message (not per packet of media), on whichever loop handles it: adders, so
 * the loops never contend; readers sum.
 *
 * <p>Every message the core drops is counted here by its {@link Drop cause}: nothing is lost
 * without a trace in {@code isthmus_sip_dropped_total}.
 */
public final class SipCounters {
  /** Why the core dropped a message instead of forwarding or answering it. */
  public enum Drop {
    /** Arrived before the cores were wired (start-up) or off the loops. */
    NOT_READY("not-ready"),
    /** A response whose headers the core needs (Via, CSeq, To) did not parse. */
    UNREADABLE_RESPONSE("unreadable-response"),
    /** A response that matches no transaction and is not a 2xx to relay (RFC 3261 §16.7). */
    STRAY_RESPONSE("stray-response"),
    /** A response or ACK whose next hop cannot be reached (no socket, unroutable Via). */
    UNROUTABLE("unroutable"),
    /** A response to a branch the call gave up (failover, CANCEL): absorbed, §16.7 step 5. */
    ABANDONED_BRANCH("abandoned-branch"),
    /** A response the server transaction could no longer send (it already ended). */
    UPSTREAM_GONE("upstream-gone"),
    /** An ACK that is invalid, loops, or is addressed to us without a Route. */
    ACK("ack"),
    /** A request whose handling failed inside the proxy (answered 500 where possible). */
    INTERNAL_ERROR("internal-error"),
    /** An ACK along a Route of ours that we did not sign for its dialog (dialog checks). */
    FORGED_ROUTE("forged-route");

    private final String label;

    Drop(String label) {
      this.label = label;
    }

    /** The {@code cause} label in /metrics. */
    public String label() {
      return label;
    }
  }

  /** The methods counted by name; any other method counts as {@link #OTHER}. */
  public static final List<Method> METHODS =
      List.of(
          Method.INVITE,
          Method.ACK,
          Method.BYE,
          Method.CANCEL,
          Method.OPTIONS,
          Method.REGISTER,
          Method.PRACK,
          Method.UPDATE,
          Method.INFO,
          Method.MESSAGE,
          Method.SUBSCRIBE,
          Method.NOTIFY,
          Method.REFER,
          Method.PUBLISH);

  /** The label of requests whose method is not in {@link #METHODS}. */
  public static final String OTHER = "other";

  private static final int MIN_STATUS = 100;
  private static final int STATUS_COUNT = 600; // 100..699 (RFC 3261 §7.2)

  private final LongAdder[] requests = adders(METHODS.size() + 1);
  private final LongAdder[] received = adders(STATUS_COUNT);
  private final LongAdder[] sent = adders(STATUS_COUNT);
  private final LongAdder[] dropped = adders(Drop.values().length);

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /** A request arrived (before any validation: what the network sent us). */
  public void requestReceived(Method method) {
    requests[index(method)].increment();
  }

  /** A response arrived from a downstream element. */
  public void responseReceived(int status) {
    count(received, status);
  }

  /** A response left the proxy: relayed, or generated here. */
  public void responseSent(int status) {
    count(sent, status);
  }

  /** The core dropped a message for {@code cause}. */
  public void dropped(Drop cause) {
    dropped[cause.ordinal()].increment();
  }

  /** Messages dropped by the core, by cause label, zero counts included. */
  public Map<String, Long> droppedByCause() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Drop d : Drop.values()) {
      out.put(d.label(), dropped[d.ordinal()].sum());
    }
    return out;
  }

  private static void count(LongAdder[] byStatus, int status) {
    int i = status - MIN_STATUS;
    if (i >= 0 && i < STATUS_COUNT) {
      byStatus[i].increment();
    }
  }

  private static int index(Method method) {
    for (int i = 0; i < METHODS.size(); i++) {
      if (METHODS.get(i) == method) { // known methods are singletons
        return i;
      }
    }
    return METHODS.size();
  }

  /** Requests received by method name ({@link #OTHER} last), zero counts included. */
  public Map<String, Long> requestsReceived() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < METHODS.size(); i++) {
      out.put(METHODS.get(i).name(), requests[i].sum());
    }
    out.put(OTHER, requests[METHODS.size()].sum());
    return out;
  }

  /** Responses received by status code, only the codes seen. */
  public Map<Integer, Long> responsesReceived() {
    return byStatus(received);
  }

  /** Responses sent by status code, only the codes seen. */
  public Map<Integer, Long> responsesSent() {
    return byStatus(sent);
  }

  private static Map<Integer, Long> byStatus(LongAdder[] a) {
    Map<Integer, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < STATUS_COUNT; i++) {
      long n = a[i].sum();
      if (n > 0) {
        out.put(MIN_STATUS + i, n);
      }
    }
    return out;
  }
}
