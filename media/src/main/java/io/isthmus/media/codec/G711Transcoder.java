package io.isthmus.media.codec;

import io.isthmus.media.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;

/**
 * One direction of a PCMU&lt;-&gt;PCMA transcoding, applied in place to each RTP packet on its way
 * to the other leg (same payload size: one byte per sample either way).
 *
 * <p>The output is a stream of its own (RFC 3550 §7.2, a translator that changes the payload
 * originates a new stream): its own SSRC, sequence numbers and timestamps that run on from the
 * previous output even when the input SSRC changes (a new input stream continues the output stream
 * one packet duration later). Within one input stream the offsets stay fixed, so input gaps and
 * reordering remain visible to the receiver's loss and jitter statistics.
 *
 * <p>Packets of other payload types (e.g. telephone-event) pass with their payload untouched but
 * still get the output SSRC, sequence and timestamp, so the receiver sees one consistent stream.
 * RTCP is not regenerated (a known gap: SR/RR pass through and name the input SSRC).
 *
 * <p>Owned by one event loop, like the stream it belongs to; not thread-safe.
 */
public final class G711Transcoder {

  private final G711Law from;
  private final G711Law to;
  private final byte[] table;
  private final long outputSsrc;

  private boolean started;
  private long inputSsrc;
  private int sequenceOffset;
  private long timestampOffset;
  private int lastOutputSequence;
  private long lastOutputTimestamp;
  private int lastSamples;

  /**
   * @param outputSsrc the SSRC of the new stream (random in production)
   * @param firstSequence the first output sequence number (random per RFC 3550 §5.1)
   * @param firstTimestamp the first output timestamp (random per RFC 3550 §5.1)
   */
  public G711Transcoder(
      G711Law from, G711Law to, long outputSsrc, int firstSequence, long firstTimestamp) {
    this.from = from;
    this.to = to;
    this.table = from.tableTo(to);
    this.outputSsrc = outputSsrc & 0xFFFF_FFFFL;
    // Primed so the first packet lands exactly on firstSequence/firstTimestamp.
    this.lastOutputSequence = (firstSequence - 1) & 0xFFFF;
    this.lastOutputTimestamp = firstTimestamp & 0xFFFF_FFFFL;
    this.lastSamples = 0;
  }

  public G711Law from() {
    return from;
  }

  public G711Law to() {
    return to;
  }

  public long outputSsrc() {
    return outputSsrc;
  }

  /**
   * Rewrites the RTP packet of {@code len} bytes at {@code off} in place.
   *
   * @return false when it is not a valid RTP packet (the caller drops and counts it)
   */
  public boolean transcode(ByteBuf b, int off, int len) {
    if (!RtpHeader.isValid(b, off, len)) {
      return false;
    }
    long ssrc = RtpHeader.ssrc(b, off);
    int sequence = RtpHeader.sequenceNumber(b, off);
    long timestamp = RtpHeader.timestamp(b, off);
    if (!started || ssrc != inputSsrc) {
      // A new input stream: continue the output one packet after the last one sent.
      started = true;
      inputSsrc = ssrc;
      sequenceOffset = ((lastOutputSequence + 1) - sequence) & 0xFFFF;
      timestampOffset = (lastOutputTimestamp + lastSamples - timestamp) & 0xFFFF_FFFFL;
    }
    int header = RtpHeader.headerLength(b, off);
    int payloadEnd = off + len - RtpHeader.paddingLength(b, off, len);
    if (RtpHeader.payloadType(b, off) == from.payloadType()) {
      for (int i = off + header; i < payloadEnd; i++) {
        b.setByte(i, table[b.getByte(i) & 0xFF]);
      }
      RtpHeader.setPayloadType(b, off, to.payloadType());
      lastSamples = payloadEnd - off - header;
    }
    lastOutputSequence = (sequence + sequenceOffset) & 0xFFFF;
    lastOutputTimestamp = (timestamp + timestampOffset) & 0xFFFF_FFFFL;
    RtpHeader.setSsrc(b, off, outputSsrc);
    RtpHeader.setSequenceNumber(b, off, lastOutputSequence);
    RtpHeader.setTimestamp(b, off, lastOutputTimestamp);
    return true;
  }
}
