package io.isthmus.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one protocol (SRTP or SRTCP) derived from a master key (RFC 3711 §4.3 with a
 * key derivation rate of 0, so derived once), and the transforms that use them: AES counter mode
 * (§4.1.1), AES-f8 (§4.1.2), the NULL cipher (§4.1.3) and AES-GCM (RFC 7714, {@link AesGcm}). Holds
 * its own scratch buffers so that no transform costs an allocation per packet. One owner thread.
 *
 * <pre>
 * AES-CM IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)      16 bytes:
 *   bytes 0..13  session salt            bytes 4..7   ^= SSRC
 *   bytes 8..13  ^= 48-bit index         bytes 14..15  block counter j
 * f8: IV' = E(k_e XOR (k_s || 0x55..), IV); S(j) = E(k_e, IV' XOR j XOR S(j-1)), S(-1) = 0
 * GCM IV (RFC 7714 §8.1, §9.1) = salt XOR (00 00 || SSRC || ROC || SEQ), or for SRTCP
 *   salt XOR (00 00 || SSRC || 00 00 || 0 || SRTCP index)
 * </pre>
 */
final class SessionKeys {
  private static final int BLOCK = 16;

  /** Labels of RFC 3711 §4.3.1 / §4.3.2. */
  static final int SRTP_ENCRYPTION = 0;

  static final int SRTCP_ENCRYPTION = 3;

  private final SrtpSuite.Cipher kind;
  private final Cipher aes;
  private final Cipher f8Iv;
  private final AesGcm gcm;
  private final byte[] salt;
  final HmacSha1 auth;
  private byte[] counters;
  private byte[] keystream;
  private final byte[] iv = new byte[BLOCK];
  private final byte[] block = new byte[BLOCK];
  private final byte[] gcmIv = new byte[12];

  private SessionKeys(SrtpSuite.Cipher kind, byte[] key, byte[] salt, byte[] authKey) {
    this.kind = kind;
    this.salt = salt;
    this.auth = authKey == null ? null : new HmacSha1(authKey);
    this.aes = kind == SrtpSuite.Cipher.AES_GCM || kind == SrtpSuite.Cipher.NULL ? null : aes(key);
    if (kind == SrtpSuite.Cipher.AES_F8) {
      // m = k_s || 0x555..., as long as the key (RFC 3711 §4.1.2.1)
      byte[] masked = key.clone();
      for (int i = 0; i < masked.length; i++) {
        masked[i] ^= i < salt.length ? salt[i] : 0x55;
      }
      this.f8Iv = aes(masked);
    } else {
      this.f8Iv = null;
    }
    this.gcm = kind == SrtpSuite.Cipher.AES_GCM ? new AesGcm(key) : null;
    // AES-CM's scratch only where it is used: a GCM key has its own in AesGcm, with its table.
    int scratch = kind == SrtpSuite.Cipher.AES_CM ? 2048 : 0;
    this.counters = new byte[scratch];
    this.keystream = new byte[scratch];
  }

  /**
   * Derives the encryption key ({@code label}), the authentication key ({@code label + 1}; none for
   * GCM) and the salt ({@code label + 2}) from the master key.
   */
  static SessionKeys derive(MasterKey master, int label) {
    SrtpSuite suite = master.suite();
    Cipher prf = aes(master.key());
    byte[] key = derive(prf, master.salt(), label, suite.keyLength());
    byte[] authKey = suite.aead() ? null : derive(prf, master.salt(), label + 1, HmacSha1.LENGTH);
    byte[] salt = derive(prf, master.salt(), label + 2, suite.saltLength());
    return new SessionKeys(suite.cipher(), key, salt, authKey);
  }

  /** AES-CM session keys given directly (the RFC 3711 B.2 test vector gives a key and salt). */
  static SessionKeys of(byte[] key, byte[] salt, byte[] authKey) {
    return of(SrtpSuite.Cipher.AES_CM, key, salt, authKey);
  }

  /** Session keys of {@code kind} given directly (test vectors); {@code authKey} null for GCM. */
  static SessionKeys of(SrtpSuite.Cipher kind, byte[] key, byte[] salt, byte[] authKey) {
    return new SessionKeys(kind, key.clone(), salt.clone(), authKey);
  }

  /**
   * The key derivation PRF (§4.3.1, §4.3.3): AES-CM under the master key with IV = (master salt XOR
   * (label || index DIV kdr)) * 2^16; index DIV kdr is 0 (kdr 0), so the label lands in byte 7. A
   * 96-bit GCM master salt is padded with zeros to 112 bits (RFC 7714 §11, as libsrtp and rtpengine
   * do).
   */
  static byte[] derive(Cipher prf, byte[] masterSalt, int label, int length) {
    byte[] iv = new byte[BLOCK];
    System.arraycopy(masterSalt, 0, iv, 0, Math.min(masterSalt.length, 14));
    iv[7] ^= (byte) label;
    int blocks = (length + BLOCK - 1) / BLOCK;
    byte[] in = new byte[blocks * BLOCK];
    for (int j = 0; j < blocks; j++) {
      System.arraycopy(iv, 0, in, j * BLOCK, BLOCK);
      in[j * BLOCK + 14] = (byte) (j >>> 8);
      in[j * BLOCK + 15] = (byte) j;
    }
    byte[] out;
    try {
      out = prf.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] result = new byte[length];
    System.arraycopy(out, 0, result, 0, length);
    return result;
  }

  static Cipher aes(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/ECB/NoPadding", e);
    }
  }

  /**
   * Encrypts (or decrypts: the same XOR) the payload of the RTP packet at {@code p[off, off+len)}
   * whose header is {@code header} bytes, at packet index {@code index}.
   */
  void rtp(byte[] p, int off, int header, int len, long ssrc, long index) {
    switch (kind) {
      case AES_CM -> transform(p, off + header, len - header, ssrc, index);
      case AES_F8 -> {
        // IV = 0x00 || M || PT || SEQ || TS || SSRC || ROC (§4.1.2.2)
        iv[0] = 0;
        System.arraycopy(p, off + 1, iv, 1, 11);
        putU32(iv, 12, index >>> 16);
        f8(p, off + header, len - header);
      }
      case NULL -> {
        // authentication only
      }
      case AES_GCM -> throw new IllegalStateException("GCM is sealed and opened, not transformed");
    }
  }

  /**
   * Encrypts (or decrypts) the part after the first 8 bytes of the RTCP packet at {@code p[off,
   * off+len)} with SRTCP index {@code index} (E flag set).
   */
  void rtcp(byte[] p, int off, int len, long ssrc, long index) {
    switch (kind) {
      case AES_CM -> transform(p, off + 8, len - 8, ssrc, index);
      case AES_F8 -> {
        // IV = 0..0 (32 bits) || E || SRTCP index || V P RC PT length SSRC (§4.1.2.3)
        iv[0] = 0;
        iv[1] = 0;
        iv[2] = 0;
        iv[3] = 0;
        putU32(iv, 4, 0x8000_0000L | index);
        System.arraycopy(p, off, iv, 8, 8);
        f8(p, off + 8, len - 8);
      }
      case NULL -> {
        // authentication only
      }
      case AES_GCM -> throw new IllegalStateException("GCM is sealed and opened, not transformed");
    }
  }

  /** AES-f8 over {@code data[off, off+len)} with the IV in {@link #iv}. */
  private void f8(byte[] data, int off, int len) {
    if (len <= 0) {
      return;
    }
    try {
      f8Iv.update(iv, 0, BLOCK, iv, 0); // IV' (in place)
      java.util.Arrays.fill(block, (byte) 0); // S(-1)
      for (int j = 0, at = 0; at < len; j++, at += BLOCK) {
        for (int i = 0; i < BLOCK; i++) {
          block[i] ^= iv[i];
        }
        block[12] ^= (byte) (j >>> 24);
        block[13] ^= (byte) (j >>> 16);
        block[14] ^= (byte) (j >>> 8);
        block[15] ^= (byte) j;
        aes.update(block, 0, BLOCK, block, 0); // S(j)
        int n = Math.min(BLOCK, len - at);
        for (int i = 0; i < n; i++) {
          data[off + at + i] ^= block[i];
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * AES-GCM over one packet in place: authenticates {@code p[aadOff, aadOff+aadLen)} (and {@code
   * extraAad}, 4 bytes, if not null), encrypts {@code p[off, off+len)} and appends the 16-byte tag,
   * or decrypts {@code p[off, off+len)} (tag included) and checks the tag.
   *
   * @return the output length, -1 if the tag did not verify
   */
  int gcm(
      boolean seal,
      byte[] p,
      int aadOff,
      int aadLen,
      byte[] extraAad,
      int off,
      int len,
      long ssrc,
      long roc,
      int seqOrZero,
      long srtcpIndex,
      boolean rtcp) {
    java.util.Arrays.fill(gcmIv, (byte) 0);
    putU32(gcmIv, 2, ssrc);
    if (rtcp) {
      putU32(gcmIv, 8, srtcpIndex & 0x7FFF_FFFFL);
    } else {
      putU32(gcmIv, 6, roc);
      gcmIv[10] = (byte) (seqOrZero >>> 8);
      gcmIv[11] = (byte) seqOrZero;
    }
    for (int i = 0; i < 12; i++) {
      gcmIv[i] ^= salt[i];
    }
    gcm.start(gcmIv);
    gcm.aad(p, aadOff, aadLen);
    if (extraAad != null) {
      gcm.aad(extraAad, 0, 4);
    }
    return seal ? gcm.seal(p, off, len) : gcm.open(p, off, len);
  }

  /**
   * XORs {@code len} bytes at {@code off} with the AES-CM keystream for {@code ssrc} and packet
   * index {@code index} (§4.1.1): encrypts and decrypts alike.
   */
  void transform(byte[] data, int off, int len, long ssrc, long index) {
    if (len <= 0) {
      return;
    }
    int blocks = (len + BLOCK - 1) / BLOCK;
    int bytes = blocks * BLOCK;
    if (counters.length < bytes) {
      counters = new byte[bytes]; // a datagram above 2 KB: grows once
      keystream = new byte[bytes];
    }
    byte[] c = counters;
    for (int i = 0; i < 14; i++) {
      c[i] = salt[i];
    }
    c[14] = 0;
    c[15] = 0;
    c[4] ^= (byte) (ssrc >>> 24);
    c[5] ^= (byte) (ssrc >>> 16);
    c[6] ^= (byte) (ssrc >>> 8);
    c[7] ^= (byte) ssrc;
    c[8] ^= (byte) (index >>> 40);
    c[9] ^= (byte) (index >>> 32);
    c[10] ^= (byte) (index >>> 24);
    c[11] ^= (byte) (index >>> 16);
    c[12] ^= (byte) (index >>> 8);
    c[13] ^= (byte) index;
    for (int j = 1; j < blocks; j++) {
      int at = j * BLOCK;
      System.arraycopy(c, 0, c, at, 14);
      c[at + 14] = (byte) (j >>> 8);
      c[at + 15] = (byte) j;
    }
    try {
      aes.update(c, 0, bytes, keystream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e); // ECB over whole blocks into a large enough buffer
    }
    byte[] k = keystream;
    for (int i = 0; i < len; i++) {
      data[off + i] ^= k[i];
    }
  }

  private static void putU32(byte[] p, int at, long v) {
    p[at] = (byte) (v >>> 24);
    p[at + 1] = (byte) (v >>> 16);
    p[at + 2] = (byte) (v >>> 8);
    p[at + 3] = (byte) v;
  }
}
