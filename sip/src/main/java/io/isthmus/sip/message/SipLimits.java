package io.isthmus.sip.message;

/**
 * Limits against abusive messages. A message over {@link #maxMessageBytes} is refused with 513
 * (Message Too Large, RFC 3261 §21.5.14); too many headers or a too long line with 400.
 *
 * @param maxMessageBytes the largest message (start line, headers and body), default 64 KiB: far
 *     above any real signalling message, and the UDP datagram limit
 * @param maxHeaders the most header lines, default 256 (a long INVITE through many proxies has
 *     about 40)
 * @param maxLineBytes the longest header line including its folds, default 8 KiB
 */
public record SipLimits(int maxMessageBytes, int maxHeaders, int maxLineBytes) {
  /** The defaults described above. */
  public static final SipLimits DEFAULT = new SipLimits(64 * 1024, 256, 8 * 1024);

  public SipLimits {
    if (maxMessageBytes < 64 || maxHeaders < 1 || maxLineBytes < 32) {
      throw new IllegalArgumentException(
          "limits too small: " + maxMessageBytes + "/" + maxHeaders + "/" + maxLineBytes);
    }
  }
}
