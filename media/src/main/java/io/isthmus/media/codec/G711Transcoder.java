package io.isthmus.media.codec;

import io.isthmus.media.rtp.RtcpPacket;
import io.isthmus.media.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import java.util.function.LongSupplier;

/**
 * One direction of a PCMU&lt;-&gt;PCMA transcoding, applied in place to each RTP packet on its way
 * to the other leg (same payload size: one byte per sample either way), with the RTP headers and
 * RTCP rtpengine 10.5 gives a transcoded stream (observed on 10.5.3.5):
 *
 * <ul>
 *   <li>each input SSRC becomes an output SSRC of its own, random, kept for that input stream (RFC
 *       3550 §7.2: a translator that changes the payload originates a new stream);
 *   <li>sequence numbers and timestamps are the input's (G.711 keeps 8000 Hz and one byte per
 *       sample), so the receiver sees the sender's gaps, reordering and talkspurts as they were;
 *       the marker bit passes too (rtpengine's transcoder clears it; see the interop notes);
 *   <li>RTCP from the same party ({@link #rewriteRtcp}): SSRCs of the input streams become their
 *       output SSRCs; an SR's RTP timestamp, packet and octet counts become those of the stream
 *       sent on (octets with the RTP header, as rtpengine counts them); a report block about a
 *       stream the other direction transcoded names that stream's real SSRC and carries the relay's
 *       own reception figures for it (fraction and cumulative lost, extended highest sequence
 *       number; RFC 3550 A.3), keeping the reporter's jitter, LSR and DLSR.
 * </ul>
 *
 * <p>Packets of other payload types (e.g. telephone-event) pass with their payload untouched but
 * still get the output SSRC. Allocation-free per packet: a few input streams are tracked in
 * preallocated slots (the oldest is reused). Owned by one event loop; not thread-safe.
 */
public final class G711Transcoder {

  private static final int STREAMS = 4;

  private final G711Law from;
  private final G711Law to;
  private final byte[] table;
  private final LongSupplier newSsrc;
  private final Stream[] streams = new Stream[STREAMS];
  private int used;
  private Stream current;
  private long clock;

  /** One input stream and the stream it becomes. */
  private static final class Stream {
    long input;
    long output;
    long lastUse;
    // sending
    long sentPackets;
    long sentOctets;
    long lastTimestamp;
  }

  /**
   * @param newSsrc gives the output SSRC of each new input stream (random in production)
   */
  public G711Transcoder(G711Law from, G711Law to, LongSupplier newSsrc) {
    this.from = from;
    this.to = to;
    this.table = from.tableTo(to);
    this.newSsrc = newSsrc;
    for (int i = 0; i < STREAMS; i++) {
      streams[i] = new Stream();
    }
  }

  public G711Law from() {
    return from;
  }

  public G711Law to() {
    return to;
  }

  /** The output SSRC of the latest input stream, or -1 before the first packet. */
  public long outputSsrc() {
    return current == null ? -1 : current.output;
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
    Stream s = current != null && current.input == ssrc ? current : stream(ssrc);
    current = s;
    int header = RtpHeader.headerLength(b, off);
    int payloadEnd = off + len - RtpHeader.paddingLength(b, off, len);
    if (RtpHeader.payloadType(b, off) == from.payloadType()) {
      for (int i = off + header; i < payloadEnd; i++) {
        b.setByte(i, table[b.getByte(i) & 0xFF]);
      }
      RtpHeader.setPayloadType(b, off, to.payloadType());
    }
    RtpHeader.setSsrc(b, off, s.output);
    s.sentPackets++;
    s.sentOctets += len;
    s.lastTimestamp = RtpHeader.timestamp(b, off);
    return true;
  }

  /** The slot of input stream {@code ssrc}: found, or a new one (the least recently used). */
  private Stream stream(long ssrc) {
    long now = ++clock;
    for (int i = 0; i < used; i++) {
      if (streams[i].input == ssrc) {
        streams[i].lastUse = now;
        return streams[i];
      }
    }
    Stream s;
    if (used < STREAMS) {
      s = streams[used++];
    } else {
      s = streams[0];
      for (int i = 1; i < STREAMS; i++) {
        if (streams[i].lastUse < s.lastUse) {
          s = streams[i];
        }
      }
    }
    s.input = ssrc;
    s.output = newSsrc.getAsLong() & 0xFFFF_FFFFL;
    s.lastUse = now;
    s.sentPackets = 0;
    s.sentOctets = 0;
    s.lastTimestamp = 0;
    return s;
  }

  private Stream byInput(long ssrc) {
    for (int i = 0; i < used; i++) {
      if (streams[i].input == ssrc) {
        return streams[i];
      }
    }
    return null;
  }

  private Stream byOutput(long ssrc) {
    for (int i = 0; i < used; i++) {
      if (streams[i].output == ssrc) {
        return streams[i];
      }
    }
    return null;
  }

  /**
   * Rewrites, in place, the RTCP compound packet of {@code len} bytes at {@code off} that the party
   * whose RTP this transcoder converts sent; {@code reverse} is the transcoder of the other
   * direction (whose output streams the party reports on), or null. Malformed packets are left as
   * they are from the first bad length on.
   */
  public void rewriteRtcp(ByteBuf b, int off, int len, G711Transcoder reverse) {
    int end = off + len;
    int at = off;
    while (end - at >= 8) {
      if (RtcpPacket.version(b, at) != 2) {
        return;
      }
      int length = RtcpPacket.packetLength(b, at);
      if (length > end - at) {
        return;
      }
      int type = RtcpPacket.packetType(b, at);
      int count = RtcpPacket.count(b, at);
      switch (type) {
        case RtcpPacket.SR, RtcpPacket.RR -> {
          Stream s = byInput(b.getUnsignedInt(at + 4));
          if (s != null) {
            b.setInt(at + 4, (int) s.output);
          }
          int blocks = at + RtcpPacket.HEADER_LENGTH;
          if (type == RtcpPacket.SR && length >= 28) {
            if (s != null) {
              b.setInt(at + 16, (int) s.lastTimestamp);
              b.setInt(at + 20, (int) s.sentPackets);
              b.setInt(at + 24, (int) s.sentOctets);
            }
            blocks += RtcpPacket.SENDER_INFO_LENGTH;
          }
          for (int i = 0; i < count && blocks + 24 <= at + length; i++, blocks += 24) {
            reportBlock(b, blocks, reverse);
          }
        }
        case 202 -> sdes(b, at, at + length, count); // SDES
        case 203 -> { // BYE
          for (int i = 0; i < count && at + 8 + 4 * i <= at + length; i++) {
            mapOutput(b, at + 4 + 4 * i);
          }
        }
        case 204, 205, 206 -> { // APP, RTPFB, PSFB: sender SSRC; feedback names a media SSRC
          mapOutput(b, at + 4);
          if (type != 204 && length >= 12 && reverse != null) {
            Stream r = reverse.byOutput(b.getUnsignedInt(at + 8));
            if (r != null) {
              b.setInt(at + 8, (int) r.input);
            }
          }
        }
        default -> {
          // XR and others: left as they are
        }
      }
      at += length;
    }
  }

  private void mapOutput(ByteBuf b, int at) {
    Stream s = byInput(b.getUnsignedInt(at));
    if (s != null) {
      b.setInt(at, (int) s.output);
    }
  }

  /**
   * A report block about {@code reverse}'s output names that stream's real source. Its figures stay
   * the receiver's: sequence numbers pass unchanged, so fraction lost, cumulative lost and the
   * extended highest sequence number describe the sender's stream end to end (RFC 3550 §7.2).
   */
  private static void reportBlock(ByteBuf b, int at, G711Transcoder reverse) {
    if (reverse == null) {
      return;
    }
    Stream r = reverse.byOutput(b.getUnsignedInt(at));
    if (r != null) {
      b.setInt(at, (int) r.input);
    }
  }

  /** SDES chunks (RFC 3550 §6.5): each SSRC, then items up to a null item, padded to 4. */
  private void sdes(ByteBuf b, int packet, int end, int chunks) {
    int at = packet + 4;
    for (int c = 0; c < chunks && at + 4 <= end; c++) {
      mapOutput(b, at);
      int item = at + 4;
      while (item < end && b.getByte(item) != 0) {
        if (item + 2 > end) {
          return;
        }
        item += 2 + b.getUnsignedByte(item + 1);
      }
      // past the null octet(s) to the next 32-bit boundary of the packet
      at = packet + ((item - packet + 4) & ~3);
    }
  }
}
