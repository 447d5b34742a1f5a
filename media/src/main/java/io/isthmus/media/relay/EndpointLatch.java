package io.isthmus.media.relay;

import java.net.InetSocketAddress;

/**
 * Endpoint learning ("latching") for one relay socket: which source the party's packets may come
 * from, and where the relay sends to that party.
 *
 * <ul>
 *   <li>Before anything is learned, the relay sends to the address from SDP ({@link #expect}).
 *   <li>During the learning window (a few seconds after each signalling event), every accepted
 *       packet's source becomes the learned endpoint: the relay follows the party through NAT
 *       rebinding or a port change announced late (rtpengine's learning period).
 *   <li>After the window the endpoint is locked: packets from any other source are refused (they
 *       are counted by the caller). This is rtpengine's {@code strict-source} after learning, the
 *       defence against RTP injection and "RTP Bleed" (rtpengine#397, #1985).
 *   <li>If nothing was learned within the window, the first source after it is learned and locked
 *       at once (rtpengine's "delayed" learning).
 *   <li>New signalling restarts the window; a changed SDP address also forgets the learned
 *       endpoint, so the relay sends to the new address at once (rtpengine 9.4+, #1471).
 *   <li>With {@link SourcePolicy#sdpSourceOnly} there is no learning at all: only the SDP address
 *       and port are accepted, from the first packet on.
 * </ul>
 *
 * <p>Allocation-free per packet: the learned endpoint is the sender address object Netty already
 * made for the datagram, kept by reference. Owned by one event loop; not thread-safe.
 */
final class EndpointLatch {

  /** Worse than any match: nothing seen yet in this learning window. */
  private static final int NO_MATCH_YET = 4;

  private final long windowNanos;
  private SourcePolicy policy = SourcePolicy.DEFAULT;
  // strict-source: how well the best source of this window matched the SDP address (0 = exact).
  private int bestRank = NO_MATCH_YET;
  // media-handover moved the endpoint after the lock (until the next signalling).
  private boolean handedOver;
  private boolean moved;
  private InetSocketAddress expected;
  private InetSocketAddress learned;
  private long learnUntilNanos;
  private boolean learning;
  // The learned endpoint or the lock changed since the last takeChanged() (replication).
  private boolean changed;

  EndpointLatch(long windowNanos, long nowNanos) {
    this.windowNanos = windowNanos;
    this.learnUntilNanos = nowNanos + windowNanos;
    this.learning = true;
  }

  /** The party's address from SDP (signalling): restarts learning, forgets a stale endpoint. */
  void expect(InetSocketAddress address, long nowNanos) {
    if (!address.equals(expected)) {
      learned = null;
    }
    expected = address;
    restart(nowNanos);
  }

  /** New signalling without an address change: follow the party again for a window. */
  void restart(long nowNanos) {
    learnUntilNanos = nowNanos + windowNanos;
    learning = true;
    bestRank = NO_MATCH_YET;
    handedOver = false;
  }

  /** The party's flags ({@link SourcePolicy}); from its latest offer or answer. */
  void setPolicy(SourcePolicy policy) {
    this.policy = policy;
  }

  /**
   * Decides on a packet from {@code source}.
   *
   * @return true to accept it, false to drop it (a stranger after the lock)
   */
  boolean accept(InetSocketAddress source, long nowNanos) {
    if (learning && nowNanos - learnUntilNanos >= 0) {
      learning = false;
      changed |= learned != null;
    }
    if (policy.sdpSourceOnly()) {
      // no NAT: the signalled address is the party, learning or not; nothing signalled, no one
      if (!source.equals(expected)) {
        return false;
      }
      learned = expected;
      return true;
    }
    if (learning || learned == null) {
      if (policy.strictSource() && expected != null) {
        int rank = rank(source);
        if (rank > bestRank) {
          return false; // strict-source: a better match was seen in this window
        }
        bestRank = rank;
      }
      if (!source.equals(learned)) {
        learned = source;
        changed = true;
      }
      return true;
    }
    if (source.equals(learned)) {
      return true;
    }
    if (policy.mediaHandover()) {
      learned = source;
      handedOver = true;
      moved = true;
      changed = true;
      return true;
    }
    return false;
  }

  /** rtpengine's heuristic order: 0 exact, 1 same address, 2 same port, 3 neither. */
  private int rank(InetSocketAddress source) {
    int rank = 0;
    if (source.getPort() != expected.getPort()) {
      rank |= 1;
    }
    if (!source.getAddress().equals(expected.getAddress())) {
      rank |= 2;
    }
    return rank;
  }

  /**
   * ICE confirmed {@code source} as the party's endpoint (a valid connectivity check, RFC 8445
   * §7.3): media goes there and comes from there, as if learned, whatever the window.
   *
   * @return whether the endpoint changed
   */
  boolean confirm(InetSocketAddress source) {
    if (source.equals(learned)) {
      return false;
    }
    learned = source;
    changed = true;
    return true;
  }

  /**
   * Whether the learned endpoint or the lock changed since the last call (once per learning window,
   * not per packet); clears it. What a replica of the call must hear about.
   */
  boolean takeChanged() {
    boolean c = changed;
    changed = false;
    return c;
  }

  /**
   * Restores what another process learned (a standby taking over): the SDP address, the learned
   * source, and whether it was locked (then it stays locked; else a new window starts).
   */
  void restore(InetSocketAddress expected, InetSocketAddress learned, boolean locked, long now) {
    this.expected = expected;
    this.learned = learned;
    this.learning = !(locked && learned != null);
    this.learnUntilNanos = learning ? now + windowNanos : now;
    this.bestRank = NO_MATCH_YET;
  }

  /** Whether the last accepted packet moved the locked endpoint (media-handover); clears it. */
  boolean takeMoved() {
    boolean m = moved;
    moved = false;
    return m;
  }

  /**
   * Whether a socket connected to the locked endpoint may serve the party: not for an asymmetric
   * party (it is sent to elsewhere), nor after a handover until the next signalling (an endpoint
   * that moves would make a socket per move).
   */
  boolean connectable() {
    return !policy.asymmetric() && !handedOver;
  }

  /**
   * Where to send to the party: the learned source, else the SDP address, else null; for an
   * asymmetric party always the SDP address.
   */
  InetSocketAddress destination() {
    if (policy.asymmetric() && expected != null) {
      return expected;
    }
    return learned != null ? learned : expected;
  }

  SourcePolicy policy() {
    return policy;
  }

  InetSocketAddress expected() {
    return expected;
  }

  InetSocketAddress learned() {
    return learned;
  }

  /** Whether a learned endpoint is locked (window over, source fixed). */
  boolean isLocked(long nowNanos) {
    return learned != null && nowNanos - learnUntilNanos >= 0;
  }
}
