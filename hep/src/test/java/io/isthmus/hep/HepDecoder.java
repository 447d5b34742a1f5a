package io.isthmus.hep;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test-side reading of a HEP3 packet: chunk type to value, with the header checked. */
final class HepDecoder {
  private HepDecoder() {}

  static Map<Integer, byte[]> chunks(byte[] packet, int length) {
    ByteBuffer b = ByteBuffer.wrap(packet, 0, length);
    if (b.getInt() != 0x48455033) {
      throw new AssertionError("no HEP3 magic");
    }
    int total = Short.toUnsignedInt(b.getShort());
    if (total != length) {
      throw new AssertionError("total length " + total + " != datagram " + length);
    }
    Map<Integer, byte[]> chunks = new LinkedHashMap<>();
    while (b.remaining() > 0) {
      int vendor = Short.toUnsignedInt(b.getShort());
      int type = Short.toUnsignedInt(b.getShort());
      int len = Short.toUnsignedInt(b.getShort());
      if (vendor != 0 || len < 6 || len - 6 > b.remaining()) {
        throw new AssertionError("bad chunk " + vendor + "/" + type + " length " + len);
      }
      byte[] value = new byte[len - 6];
      b.get(value);
      if (chunks.put(type, value) != null) {
        throw new AssertionError("chunk " + type + " twice");
      }
    }
    return chunks;
  }

  static long number(byte[] value) {
    long n = 0;
    for (byte x : value) {
      n = (n << 8) | (x & 0xFF);
    }
    return n;
  }
}
