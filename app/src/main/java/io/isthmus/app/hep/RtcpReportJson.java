package io.isthmus.app.hep;

import io.isthmus.media.rtp.ReportBlock;
import io.isthmus.media.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/**
 * The JSON form of an RTCP sender or receiver report that Homer reads from HEP protocol type 5 (the
 * keys rtpengine's Homer export uses): {@code type}, {@code ssrc}, {@code report_count}, {@code
 * report_blocks} (each {@code source_ssrc}, {@code highest_seq_no}, {@code fraction_lost}, {@code
 * ia_jitter}, {@code packets_lost}, {@code lsr}, {@code dlsr}) and, for an SR, {@code
 * sender_information} ({@code ntp_timestamp_sec}, {@code ntp_timestamp_usec}, {@code
 * rtp_timestamp}, {@code packets}, {@code octets}). Built per report (every few seconds per
 * stream), not per packet of media.
 */
final class RtcpReportJson {
  private RtcpReportJson() {}

  /** The first SR or RR of the compound at {@code off}, or null when it holds none or is broken. */
  static String of(ByteBuf b, int off, int len) {
    int end = off + len;
    int at = off;
    while (end - at >= RtcpPacket.HEADER_LENGTH) {
      if (RtcpPacket.version(b, at) != 2) {
        return null;
      }
      int length = RtcpPacket.packetLength(b, at);
      if (length > end - at) {
        return null;
      }
      int type = RtcpPacket.packetType(b, at);
      if (type == RtcpPacket.SR || type == RtcpPacket.RR) {
        return report(b, at, length, type);
      }
      at += length;
    }
    return null;
  }

  private static String report(ByteBuf b, int at, int length, int type) {
    int count = RtcpPacket.count(b, at);
    int blocks = at + RtcpPacket.HEADER_LENGTH;
    StringBuilder json = new StringBuilder(256);
    json.append("{\"type\":").append(type);
    json.append(",\"ssrc\":").append(RtcpPacket.senderSsrc(b, at));
    if (type == RtcpPacket.SR) {
      if (length < RtcpPacket.HEADER_LENGTH + RtcpPacket.SENDER_INFO_LENGTH) {
        return null;
      }
      json.append(",\"sender_information\":{\"ntp_timestamp_sec\":")
          .append(b.getUnsignedInt(at + 8))
          .append(",\"ntp_timestamp_usec\":")
          .append(b.getUnsignedInt(at + 12))
          .append(",\"rtp_timestamp\":")
          .append(RtcpPacket.senderRtpTimestamp(b, at))
          .append(",\"packets\":")
          .append(RtcpPacket.senderPacketCount(b, at))
          .append(",\"octets\":")
          .append(RtcpPacket.senderOctetCount(b, at))
          .append('}');
      blocks += RtcpPacket.SENDER_INFO_LENGTH;
    }
    int written = 0;
    json.append(",\"report_blocks\":[");
    for (int i = 0; i < count && blocks + ReportBlock.LENGTH <= at + length; i++) {
      if (written++ > 0) {
        json.append(',');
      }
      json.append("{\"source_ssrc\":")
          .append(ReportBlock.ssrc(b, blocks))
          .append(",\"highest_seq_no\":")
          .append(ReportBlock.extendedHighestSequence(b, blocks))
          .append(",\"fraction_lost\":")
          .append(ReportBlock.fractionLost(b, blocks))
          .append(",\"ia_jitter\":")
          .append(ReportBlock.jitter(b, blocks))
          .append(",\"packets_lost\":")
          .append(ReportBlock.cumulativeLost(b, blocks))
          .append(",\"lsr\":")
          .append(ReportBlock.lastSr(b, blocks))
          .append(",\"dlsr\":")
          .append(ReportBlock.delaySinceLastSr(b, blocks))
          .append('}');
      blocks += ReportBlock.LENGTH;
    }
    json.append("],\"report_count\":").append(written).append('}');
    return json.toString();
  }
}
