package io.isthmus.media.srtp;

import java.util.List;
import java.util.Optional;

/**
 * The SDES crypto suites the relay terminates, in rtpengine 10.5's offer order (strongest first):
 * AES-GCM (RFC 7714), AES counter mode with HMAC-SHA1 (RFC 3711, RFC 6188), AES-f8 (RFC 3711
 * §4.1.2) and the NULL cipher with HMAC-SHA1 (RFC 3711 §4.1.3). SRTCP carries an 80-bit tag with
 * every HMAC suite (RFC 4568 §6.2.2) and GCM's 128-bit tag with the AEAD ones.
 */
public enum SrtpSuite {
  AEAD_AES_256_GCM(Cipher.AES_GCM, 32, 12, 16, 16),
  AEAD_AES_128_GCM(Cipher.AES_GCM, 16, 12, 16, 16),
  AES_256_CM_HMAC_SHA1_80(Cipher.AES_CM, 32, 14, 10, 10),
  AES_256_CM_HMAC_SHA1_32(Cipher.AES_CM, 32, 14, 4, 10),
  AES_192_CM_HMAC_SHA1_80(Cipher.AES_CM, 24, 14, 10, 10),
  AES_192_CM_HMAC_SHA1_32(Cipher.AES_CM, 24, 14, 4, 10),
  AES_CM_128_HMAC_SHA1_80(Cipher.AES_CM, 16, 14, 10, 10),
  AES_CM_128_HMAC_SHA1_32(Cipher.AES_CM, 16, 14, 4, 10),
  F8_128_HMAC_SHA1_80(Cipher.AES_F8, 16, 14, 10, 10),
  F8_128_HMAC_SHA1_32(Cipher.AES_F8, 16, 14, 4, 10),
  NULL_HMAC_SHA1_80(Cipher.NULL, 16, 14, 10, 10),
  NULL_HMAC_SHA1_32(Cipher.NULL, 16, 14, 4, 10);

  /** How the payload is encrypted. */
  public enum Cipher {
    /** AES in counter mode (RFC 3711 §4.1.1). */
    AES_CM,
    /** AES in f8 mode (RFC 3711 §4.1.2). */
    AES_F8,
    /** No encryption, authentication only (RFC 3711 §4.1.3). */
    NULL,
    /** AES-GCM, encryption and authentication in one (RFC 7714). */
    AES_GCM
  }

  /** The largest number of bytes protection adds to an RTP packet (GCM's tag). */
  public static final int MAX_RTP_OVERHEAD = 16;

  /** The largest number of bytes protection adds to an RTCP packet (E flag, index, GCM's tag). */
  public static final int MAX_RTCP_OVERHEAD = 4 + 16;

  /** The suites the relay offers, in rtpengine 10.5's order. */
  public static final List<SrtpSuite> OFFERED = List.of(values());

  private final Cipher cipher;
  private final int keyLength;
  private final int saltLength;
  private final int srtpTagLength;
  private final int srtcpTagLength;

  SrtpSuite(Cipher cipher, int keyLength, int saltLength, int srtpTag, int srtcpTag) {
    this.cipher = cipher;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.srtpTagLength = srtpTag;
    this.srtcpTagLength = srtcpTag;
  }

  public Cipher cipher() {
    return cipher;
  }

  /** Whether the suite is an AEAD (GCM): no HMAC, the cipher's tag authenticates. */
  public boolean aead() {
    return cipher == Cipher.AES_GCM;
  }

  /** Master and session encryption key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master and session salt length in bytes: 112 bits, 96 for GCM (RFC 7714 §12). */
  public int saltLength() {
    return saltLength;
  }

  /** SRTP authentication tag length in bytes. */
  public int srtpTagLength() {
    return srtpTagLength;
  }

  /** SRTCP authentication tag length in bytes. */
  public int srtcpTagLength() {
    return srtcpTagLength;
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
