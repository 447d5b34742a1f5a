package io.isthmus.sdp;

import java.util.List;

/**
 * Writes a description back to bytes: every line's text followed by its own ending, then the
 * trailer. Text is ISO-8859-1 (one char per byte), so kept lines come out byte-identical.
 */
final class SdpWriter {
  private SdpWriter() {}

  static int length(SessionDescription sdp) {
    int n = length(sdp.lines());
    for (MediaDescription m : sdp.media()) {
      n += length(m.lines());
    }
    return n + sdp.trailer().length();
  }

  private static int length(List<SdpLine> lines) {
    int n = 0;
    for (SdpLine l : lines) {
      n += l.text().length() + l.ending().chars().length();
    }
    return n;
  }

  /** Writes into dst at off; returns the offset after the last byte written. */
  static int write(SessionDescription sdp, byte[] dst, int off) {
    int p = write(sdp.lines(), dst, off);
    for (MediaDescription m : sdp.media()) {
      p = write(m.lines(), dst, p);
    }
    return put(sdp.trailer(), dst, p);
  }

  private static int write(List<SdpLine> lines, byte[] dst, int off) {
    int p = off;
    for (SdpLine l : lines) {
      p = put(l.text(), dst, p);
      p = put(l.ending().chars(), dst, p);
    }
    return p;
  }

  private static int put(String s, byte[] dst, int off) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      dst[off + i] = (byte) s.charAt(i);
    }
    return off + n;
  }

  static byte[] toBytes(SessionDescription sdp) {
    byte[] out = new byte[length(sdp)];
    write(sdp, out, 0);
    return out;
  }
}
