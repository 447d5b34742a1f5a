package io.isthmus.proxy.core;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-call debug trace an operator switches on through the admin API: while a Call-ID is
 * traced, every SIP message of that call the proxy receives or sends (and every NG command of it,
 * logged by the admin layer) is logged at INFO with the Call-ID.
 *
 * <p>The check sits on the hot path of every message, so with no call traced it costs one volatile
 * read of an empty set ({@link #active()}); only then is the Call-ID read and looked up. The set is
 * copied on write: switching is rare, reading is constant.
 */
public final class CallTrace {
  private static final Logger LOG = LoggerFactory.getLogger("io.isthmus.trace");

  private volatile Set<String> traced = Set.of();

  /** Whether any call is traced: the fast path when none is. */
  public boolean active() {
    return !traced.isEmpty();
  }

  /** Whether {@code callId} is traced. */
  public boolean tracing(String callId) {
    Set<String> s = traced;
    return !s.isEmpty() && callId != null && s.contains(callId);
  }

  /** Switches the trace of {@code callId} on or off; returns whether it was on before. */
  public synchronized boolean set(String callId, boolean enabled) {
    Set<String> next = new HashSet<>(traced);
    boolean was = enabled ? !next.add(callId) : next.remove(callId);
    traced = Set.copyOf(next);
    return was;
  }

  /** The traced Call-IDs. */
  public Set<String> traced() {
    return traced;
  }

  /**
   * Logs {@code message} if its call is traced; {@code direction} and {@code peer} say where it
   * came from or went ("in from", "out to").
   */
  public void message(String direction, InetSocketAddress peer, SipMessage message) {
    if (!active()) {
      return;
    }
    String callId;
    try {
      callId = message.callId();
    } catch (SipParseException e) {
      return; // no Call-ID, no call to trace
    }
    if (tracing(callId)) {
      LOG.info(
          "call {}: SIP {} {}:{}\n{}",
          callId,
          direction,
          peer.getAddress().getHostAddress(),
          peer.getPort(),
          new String(message.toBytes(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
    }
  }

  /** Logs one line about a traced call (an NG command and its result). */
  public void note(String callId, String line) {
    if (tracing(callId)) {
      LOG.info("call {}: {}", callId, line);
    }
  }
}
