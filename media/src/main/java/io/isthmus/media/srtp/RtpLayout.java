package io.isthmus.media.srtp;

/** Where an RTP packet's payload starts (RFC 3550 §5.1, §5.3.1): what SRTP leaves in clear. */
final class RtpLayout {
  private RtpLayout() {}

  /**
   * The header length (fixed header, CSRCs, extension) of the RTP packet at {@code p[off,
   * off+len)}, or -1 if it is not version 2 or the header does not fit.
   */
  static int headerLength(byte[] p, int off, int len) {
    if (len < 12 || (p[off] & 0xC0) != 0x80) {
      return -1;
    }
    int header = 12 + 4 * (p[off] & 0x0F);
    if ((p[off] & 0x10) != 0) {
      if (len < header + 4) {
        return -1;
      }
      int words = ((p[off + header + 2] & 0xFF) << 8) | (p[off + header + 3] & 0xFF);
      header += 4 + 4 * words;
    }
    return header <= len ? header : -1;
  }
}
