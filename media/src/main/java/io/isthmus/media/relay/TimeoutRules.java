package io.isthmus.media.relay;

/**
 * rtpengine's media timeouts, applied to a call at one instant (rtpengine {@code call.c} timer):
 *
 * <ul>
 *   <li>Each media stream has a limit: {@code offer-timeout} while its party's address was never
 *       signalled (offer without answer), {@code silent-timeout} while the party is not expected to
 *       send (on hold: sendonly/inactive seen from the relay), else {@code timeout}.
 *   <li>A stream is alive while its last packet (or its creation) is younger than its limit.
 *   <li>The call is deleted when no stream is alive: a one-way call whose sending side is active
 *       stays up, a held call lives on the longer silent limit.
 *   <li>Independently, {@code final-timeout} ends the call that long after creation.
 * </ul>
 *
 * Zero switches a limit off (the stream never times out under it).
 */
record TimeoutRules(long timeoutNanos, long silentNanos, long offerNanos, long finalNanos) {

  /**
   * @return the reason to delete {@code call} at {@code now}, or null to keep it
   */
  DeletionReason check(Call call, long now) {
    if (finalNanos > 0 && now - call.createdNanos() >= finalNanos) {
      return DeletionReason.FINAL_TIMEOUT;
    }
    DeletionReason reason = null;
    boolean anyStream = false;
    for (Monologue monologue : call.monologues()) {
      for (MediaStream media : monologue.medias()) {
        anyStream = true;
        DeletionReason kind;
        long limit;
        if (!media.peerAddressKnown()) {
          kind = DeletionReason.OFFER_TIMEOUT;
          limit = offerNanos;
        } else if (!media.expectingMedia()) {
          kind = DeletionReason.SILENT_TIMEOUT;
          limit = silentNanos;
        } else {
          kind = DeletionReason.TIMEOUT;
          limit = timeoutNanos;
        }
        if (limit == 0 || now - media.lastPacketNanos() < limit) {
          return null; // this stream keeps the call alive
        }
        reason = stronger(reason, kind);
      }
    }
    if (!anyStream) {
      // Nothing signalled with media yet: reap it like an unanswered offer.
      return offerNanos > 0 && now - call.lastSignalNanos() >= offerNanos
          ? DeletionReason.OFFER_TIMEOUT
          : null;
    }
    return reason;
  }

  /** Report the plain timeout over silent over offer: the most telling for the operator. */
  private static DeletionReason stronger(DeletionReason a, DeletionReason b) {
    return a == null || b.ordinal() < a.ordinal() ? b : a;
  }
}
