package io.isthmus.bench.relayload;

import java.nio.ByteBuffer;

/**
 * The 172-byte packet the load generator sends: a G.711 (PCMU, 20 ms) RTP packet whose payload
 * carries what the receiving party needs to measure the relay.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC=0 |M|   PT=0      |       sequence number         |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                timestamp = probe sequence * 160               |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        SSRC = stream index (call * 2 + direction)             |  8
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     send time: the generator's System.nanoTime(), 64 bits     | 12
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 probe sequence, 32 bits, per stream           | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        0xFF (PCMU silence) up to 160 payload bytes            | 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Both parties live in the generator's process, so the one-way latency is the receiver's {@code
 * nanoTime} minus the send time in the packet: one clock, no synchronisation.
 */
final class RtpProbe {
  static final int SIZE = 172;
  static final int HEADER = 12;
  private static final int SEND_TIME = 12;
  private static final int PROBE_SEQ = 20;

  /** Direction 0: the public party sends to the private one. */
  static final int PUBLIC_TO_PRIVATE = 0;

  /** Direction 1: the private party answers. */
  static final int PRIVATE_TO_PUBLIC = 1;

  private RtpProbe() {}

  /** A direct buffer with the constant parts (version, PT, filler) written once. */
  static ByteBuffer template() {
    ByteBuffer b = ByteBuffer.allocateDirect(SIZE);
    b.put(0, (byte) 0x80); // V=2 P=0 X=0 CC=0
    b.put(1, (byte) 0x00); // M=0 PT=0 (PCMU)
    for (int i = PROBE_SEQ + 4; i < SIZE; i++) {
      b.put(i, (byte) 0xFF);
    }
    return b.clear();
  }

  /** Fills the per-packet fields of {@code b} (a {@link #template()}) and readies it to send. */
  static void stamp(ByteBuffer b, int stream, int sequence, long sendNanos) {
    b.putShort(2, (short) sequence);
    b.putInt(4, sequence * 160);
    b.putInt(8, stream);
    b.putLong(SEND_TIME, sendNanos);
    b.putInt(PROBE_SEQ, sequence);
    b.clear();
  }

  static int stream(ByteBuffer b) {
    return b.getInt(8);
  }

  static long sendNanos(ByteBuffer b) {
    return b.getLong(SEND_TIME);
  }

  static int sequence(ByteBuffer b) {
    return b.getInt(PROBE_SEQ);
  }

  /** True when the first {@code length} bytes of {@code b} look like a probe of this harness. */
  static boolean isProbe(ByteBuffer b, int length) {
    return length == SIZE && (b.get(0) & 0xC0) == 0x80 && (b.get(1) & 0x7F) == 0;
  }
}
