package io.isthmus.media.srtp;

import java.util.List;
import java.util.Optional;

/**
 * The SDES crypto suites the relay can terminate (RFC 4568 §6.2, RFC 6188 §7): AES in counter mode
 * with a 112-bit salt, HMAC-SHA1 with an 80- or 32-bit SRTP tag (SRTCP always carries 80 bits, RFC
 * 4568 §6.2.2).
 */
public enum SrtpSuite {
  AES_256_CM_HMAC_SHA1_80(32, 10),
  AES_256_CM_HMAC_SHA1_32(32, 4),
  AES_192_CM_HMAC_SHA1_80(24, 10),
  AES_192_CM_HMAC_SHA1_32(24, 4),
  AES_CM_128_HMAC_SHA1_80(16, 10),
  AES_CM_128_HMAC_SHA1_32(16, 4);

  /** The master (and session) salt length in bytes: 112 bits for every AES-CM suite. */
  public static final int SALT_LENGTH = 14;

  /** SRTCP's authentication tag length in bytes (80 bits for all these suites). */
  public static final int SRTCP_TAG_LENGTH = 10;

  /** The suites the relay offers, in rtpengine 10.5's order (strongest first). */
  public static final List<SrtpSuite> OFFERED = List.of(values());

  private final int keyLength;
  private final int srtpTagLength;

  SrtpSuite(int keyLength, int srtpTagLength) {
    this.keyLength = keyLength;
    this.srtpTagLength = srtpTagLength;
  }

  /** Master and session encryption key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** SRTP authentication tag length in bytes. */
  public int srtpTagLength() {
    return srtpTagLength;
  }

  /** The suite named {@code name} in an {@code a=crypto} line (case-sensitive, RFC 4568 §9.1). */
  public static Optional<SrtpSuite> byName(String name) {
    for (SrtpSuite s : values()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
