package io.isthmus.media.relay;

/** Why a call left the relay; the NG layer logs and counts these. */
public enum DeletionReason {
  /** A {@code delete} command (or {@link MediaRelay#delete}). */
  DELETED,
  /** {@code timeout}: no media on any stream. */
  TIMEOUT,
  /**
   * {@code silent-timeout}: no media, and the streams still within limits were not expected to
   * send.
   */
  SILENT_TIMEOUT,
  /** {@code offer-timeout}: offered, never answered, no media. */
  OFFER_TIMEOUT,
  /** {@code final-timeout}: the call's absolute lifetime ran out. */
  FINAL_TIMEOUT,
  /** The relay shut down. */
  SHUTDOWN
}
