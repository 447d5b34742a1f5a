package io.isthmus.proxy.core;

import io.isthmus.common.time.Clock;
import io.isthmus.proxy.dispatcher.Gateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call log of one core: one INFO line per call event (started, answered, failed, ended) with
 * the Call-ID, the networks, the gateway and the duration, and the table of calls in progress the
 * admin API lists. Owned by the core's loop like everything else there: plain map, no locks.
 */
final class CallEvents {
  private static final Logger LOG = LoggerFactory.getLogger("io.isthmus.calls");

  private static final class Entry {
    final String callerTag;
    final String from;
    final String to;
    final String set;
    final long createdMillis;
    final long startNanos;
    String gateway;
    String calleeTag;
    String identity;
    long answeredMillis;
    long answeredNanos;

    Entry(String callerTag, String from, String to, String set, long millis, long nanos) {
      this.callerTag = callerTag;
      this.from = from;
      this.to = to;
      this.set = set;
      this.createdMillis = millis;
      this.startNanos = nanos;
    }
  }

  private final Map<String, Entry> calls = new HashMap<>();
  private final Clock clock;
  private final LongSupplier wallMillis;
  // the identity of the request being routed, until its call starts (same loop, same request)
  private String pendingCallId;
  private String pendingIdentity;
  private long startedTotal;
  private long answeredTotal;
  private final SetupTimes setupTimes = new SetupTimes();

  CallEvents(Clock clock, LongSupplier wallMillis) {
    this.clock = clock;
    this.wallMillis = wallMillis;
  }

  /** Calls in the table (setting up or answered). */
  int size() {
    return calls.size();
  }

  /** An initial INVITE became a call. */
  void started(String callId, String callerTag, String from, String to, String set) {
    Entry e = new Entry(callerTag, from, to, set, wallMillis.getAsLong(), clock.nanos());
    if (callId.equals(pendingCallId)) {
      e.identity = pendingIdentity;
    }
    pendingCallId = null;
    pendingIdentity = null;
    calls.put(callId, e);
    startedTotal++;
    LOG.info("call {}: started {} -> {} (set {})", callId, from, to, set);
  }

  /** The caller of {@code callId} proved to be {@code identity} (digest authentication). */
  void authenticated(String callId, String identity) {
    LOG.info("call {}: caller authenticated as {}", callId, identity);
    pendingCallId = callId; // its call starts next, if it is an INVITE that becomes one
    pendingIdentity = identity;
  }

  /**
   * The digest user name that the request of {@code callId} being routed now proved, or null: what
   * dispatcher algorithm 5 hashes.
   */
  String authUserOf(String callId) {
    if (pendingIdentity == null || !callId.equals(pendingCallId)) {
      return null;
    }
    return pendingIdentity.substring(0, pendingIdentity.lastIndexOf('@')); // identity: user@realm
  }

  /** The authenticated identity of the caller of {@code callId}, or null. */
  String identity(String callId) {
    Entry e = calls.get(callId);
    return e == null ? null : e.identity;
  }

  /** The call's INVITE went to {@code gateway} (failover moves it on). */
  void routed(String callId, Gateway gateway) {
    Entry e = calls.get(callId);
    if (e != null) {
      e.gateway = gateway.uri().toString();
    }
  }

  /** A 2xx established the call's (first) dialog. */
  void answered(String callId, String calleeTag) {
    Entry e = calls.get(callId);
    if (e == null || e.calleeTag != null) {
      return; // a second dialog of a forked call: the first one is the call
    }
    e.calleeTag = calleeTag;
    e.answeredMillis = wallMillis.getAsLong();
    e.answeredNanos = clock.nanos();
    answeredTotal++;
    setupTimes.observe(SetupTimes.Outcome.ANSWERED, e.answeredNanos - e.startNanos);
    LOG.info(
        "call {}: answered {} -> {} via {} after {} ms",
        callId,
        e.from,
        e.to,
        e.gateway,
        (e.answeredNanos - e.startNanos) / 1_000_000);
  }

  /** The call failed before any answer: {@code status} went to the caller. */
  void failed(String callId, int status, String why) {
    Entry e = calls.get(callId);
    if (e == null || e.calleeTag != null) {
      return;
    }
    calls.remove(callId);
    long setup = clock.nanos() - e.startNanos;
    setupTimes.observe(
        status == 487 ? SetupTimes.Outcome.CANCELLED : SetupTimes.Outcome.FAILED, setup);
    LOG.info(
        "call {}: failed {} -> {} via {}: {} {} after {} ms",
        callId,
        e.from,
        e.to,
        e.gateway,
        status,
        why,
        setup / 1_000_000);
  }

  /** The setup of the call ended; a call neither answered nor failed by then is forgotten. */
  void setupEnded(String callId) {
    Entry e = calls.get(callId);
    if (e != null && e.calleeTag == null) {
      calls.remove(callId);
    }
  }

  /** The answered call ended ({@code how}: BYE, expiry, terminated). */
  void ended(String callId, String how) {
    Entry e = calls.remove(callId);
    if (e == null || e.calleeTag == null) {
      return;
    }
    LOG.info(
        "call {}: ended by {} {} -> {} via {}, {} s",
        callId,
        how,
        e.from,
        e.to,
        e.gateway,
        (clock.nanos() - e.answeredNanos) / 1_000_000_000L);
  }

  /**
   * An answered call carried on from another process (a restart, a takeover): listed as answered,
   * its duration counted from now, not counted as started or answered here.
   */
  void restored(ProxyCall c) {
    Entry e =
        new Entry(
            c.callerTag(),
            c.callerNetwork(),
            c.calleeNetwork(),
            c.gatewaySet(),
            c.createdEpochMillis(),
            clock.nanos());
    e.gateway = c.gateway();
    e.calleeTag = c.calleeTag();
    e.answeredMillis = c.answeredEpochMillis();
    e.answeredNanos = clock.nanos();
    e.identity = c.callerIdentity(); // replicated: a restart keeps who the caller proved to be
    calls.put(c.callId(), e);
    LOG.info("call {}: carried on, answered {} -> {} via {}", c.callId(), e.from, e.to, e.gateway);
  }

  /** The call in progress {@code callId} as the admin list shows it, or null. */
  ProxyCall call(String callId) {
    Entry e = calls.get(callId);
    return e == null ? null : view(callId, e);
  }

  /** The caller's tag of a call in progress, or null. */
  String callerTag(String callId) {
    Entry e = calls.get(callId);
    return e == null ? null : e.callerTag;
  }

  /** The callee's tag of an answered call, or null. */
  String calleeTag(String callId) {
    Entry e = calls.get(callId);
    return e == null ? null : e.calleeTag;
  }

  /** The setup times of this loop's calls (answered, failed, cancelled). */
  SetupTimes setupTimes() {
    return setupTimes;
  }

  /** Calls started on this loop since start. */
  long startedTotal() {
    return startedTotal;
  }

  /** Calls answered on this loop since start. */
  long answeredTotal() {
    return answeredTotal;
  }

  /** Calls in progress on this loop. */
  List<ProxyCall> snapshot() {
    List<ProxyCall> out = new ArrayList<>(calls.size());
    calls.forEach((id, e) -> out.add(view(id, e)));
    return out;
  }

  private static ProxyCall view(String id, Entry e) {
    return new ProxyCall(
        id,
        e.callerTag,
        e.calleeTag,
        e.from,
        e.to,
        e.set,
        e.gateway,
        e.calleeTag == null ? ProxyCall.SETTING_UP : ProxyCall.ANSWERED,
        e.createdMillis,
        e.answeredMillis,
        e.identity);
  }
}
