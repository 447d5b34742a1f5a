package io.isthmus.hep;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The HEP version 3 wire format (HEP3 rev12, sipcapture.org): static writers over a {@link
 * ByteBuf}, no object per packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    "HEP3" (0x48 0x45 0x50 0x33)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   total length (octets, this header included)  | chunk ...    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * chunk:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        vendor id (0: generic)  |          chunk type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  length (6 + value octets)     |  value ...                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Every number is in network byte order. The chunks written, in this order: IP family (1, u8: 2
 * IPv4, 10 IPv6), IP protocol (2, u8: 17 UDP, 6 TCP), source and destination address (3/4 IPv4, 5/6
 * IPv6), source and destination port (7, 8, u16), timestamp seconds and microseconds (9, 10, u32),
 * protocol type (11, u8: {@link #TYPE_SIP}, {@link #TYPE_RTCP_JSON}, {@link #TYPE_LOG}), capture
 * agent id (12, u32), authentication key (14, text, only when configured), correlation id (17,
 * text: the Call-ID), payload (15).
 */
public final class Hep3 {
  /** Protocol type of a SIP message. */
  public static final int TYPE_SIP = 1;

  /** Protocol type of an RTCP report as JSON, the form Homer expects from rtpengine. */
  public static final int TYPE_RTCP_JSON = 5;

  /** Protocol type of a log line (Homer's "LOG"), used for end-of-stream quality summaries. */
  public static final int TYPE_LOG = 100;

  /** IP protocol numbers of the transports. */
  public static final int UDP = 17;

  public static final int TCP = 6;

  /** The largest HEP packet: the total length is 16 bits. */
  public static final int MAX_LENGTH = 65_535;

  static final int HEADER = 6;
  static final int CHUNK_HEADER = 6;

  static final int CHUNK_IP_FAMILY = 0x0001;
  static final int CHUNK_IP_PROTOCOL = 0x0002;
  static final int CHUNK_IPV4_SOURCE = 0x0003;
  static final int CHUNK_IPV4_DESTINATION = 0x0004;
  static final int CHUNK_IPV6_SOURCE = 0x0005;
  static final int CHUNK_IPV6_DESTINATION = 0x0006;
  static final int CHUNK_SOURCE_PORT = 0x0007;
  static final int CHUNK_DESTINATION_PORT = 0x0008;
  static final int CHUNK_SECONDS = 0x0009;
  static final int CHUNK_MICROSECONDS = 0x000a;
  static final int CHUNK_PROTOCOL_TYPE = 0x000b;
  static final int CHUNK_CAPTURE_ID = 0x000c;
  static final int CHUNK_AUTH_KEY = 0x000e;
  static final int CHUNK_PAYLOAD = 0x000f;
  static final int CHUNK_CORRELATION_ID = 0x0011;

  private static final int MAGIC = 0x48455033; // "HEP3"
  private static final int FAMILY_IPV4 = 2;
  private static final int FAMILY_IPV6 = 10;

  private Hep3() {}

  /**
   * Octets of every chunk before the payload's: what {@link #writeHead} writes, the 6-octet header
   * included.
   */
  public static int headLength(
      InetAddress source, InetAddress destination, CharSequence correlationId, byte[] authKey) {
    int n = HEADER + 7 + 7; // header, family, protocol
    n += CHUNK_HEADER + addressLength(source) + CHUNK_HEADER + addressLength(destination);
    n += 8 + 8 + 10 + 10 + 7 + 10; // ports, seconds, microseconds, protocol type, capture id
    if (authKey.length > 0) {
      n += CHUNK_HEADER + authKey.length;
    }
    if (correlationId != null) {
      n += CHUNK_HEADER + Utf8.length(correlationId);
    }
    return n;
  }

  /** The total length of a packet whose payload has {@code payloadLength} octets. */
  public static int packetLength(int headLength, int payloadLength) {
    return headLength + CHUNK_HEADER + payloadLength;
  }

  /**
   * Writes the header and every chunk but the payload's value at the writer index: the payload
   * chunk's own header comes last, so the caller writes exactly {@code totalLength - headLength -
   * 6} payload octets next.
   *
   * @param totalLength {@link #packetLength}, at most {@link #MAX_LENGTH}
   */
  public static void writeHead(
      ByteBuf out,
      int totalLength,
      int protocolType,
      int transport,
      InetAddress source,
      int sourcePort,
      InetAddress destination,
      int destinationPort,
      long epochMicros,
      int captureId,
      byte[] authKey,
      CharSequence correlationId) {
    out.writeInt(MAGIC);
    out.writeShort(totalLength);
    boolean v4 = source instanceof Inet4Address;
    chunkHeader(out, CHUNK_IP_FAMILY, 1);
    out.writeByte(v4 ? FAMILY_IPV4 : FAMILY_IPV6);
    chunkHeader(out, CHUNK_IP_PROTOCOL, 1);
    out.writeByte(transport);
    address(out, v4 ? CHUNK_IPV4_SOURCE : CHUNK_IPV6_SOURCE, source);
    address(out, v4 ? CHUNK_IPV4_DESTINATION : CHUNK_IPV6_DESTINATION, destination);
    chunkHeader(out, CHUNK_SOURCE_PORT, 2);
    out.writeShort(sourcePort);
    chunkHeader(out, CHUNK_DESTINATION_PORT, 2);
    out.writeShort(destinationPort);
    chunkHeader(out, CHUNK_SECONDS, 4);
    out.writeInt((int) (epochMicros / 1_000_000));
    chunkHeader(out, CHUNK_MICROSECONDS, 4);
    out.writeInt((int) (epochMicros % 1_000_000));
    chunkHeader(out, CHUNK_PROTOCOL_TYPE, 1);
    out.writeByte(protocolType);
    chunkHeader(out, CHUNK_CAPTURE_ID, 4);
    out.writeInt(captureId);
    if (authKey.length > 0) {
      chunkHeader(out, CHUNK_AUTH_KEY, authKey.length);
      out.writeBytes(authKey);
    }
    if (correlationId != null) {
      chunkHeader(out, CHUNK_CORRELATION_ID, Utf8.length(correlationId));
      Utf8.write(out, correlationId);
    }
    int payload = totalLength - out.writerIndex() - CHUNK_HEADER;
    chunkHeader(out, CHUNK_PAYLOAD, payload);
  }

  private static void chunkHeader(ByteBuf out, int type, int valueLength) {
    out.writeShort(0); // vendor 0: the generic chunks of the specification
    out.writeShort(type);
    out.writeShort(CHUNK_HEADER + valueLength);
  }

  private static int addressLength(InetAddress a) {
    return a instanceof Inet4Address ? 4 : 16;
  }

  private static void address(ByteBuf out, int type, InetAddress a) {
    if (a instanceof Inet4Address) {
      chunkHeader(out, type, 4);
      // Inet4Address.hashCode() is the address as an int (as it has been since JDK 1.0);
      // getAddress() would copy a byte[] per packet. Hep3Test checks the two agree.
      out.writeInt(a.hashCode());
    } else {
      chunkHeader(out, type, 16);
      out.writeBytes(a.getAddress());
    }
  }
}
