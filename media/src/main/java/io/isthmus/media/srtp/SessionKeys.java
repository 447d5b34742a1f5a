package io.isthmus.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one protocol (SRTP or SRTCP) derived from a master key (RFC 3711 §4.3 with a
 * key derivation rate of 0, so derived once), and the AES counter-mode transform that uses them
 * (§4.1.1). Holds its own scratch buffers so that packets cost no allocation. One owner thread.
 *
 * <pre>
 * IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)      16 bytes:
 *   bytes 0..13  session salt            bytes 4..7   ^= SSRC
 *   bytes 8..13  ^= 48-bit index         bytes 14..15  block counter j
 * </pre>
 */
final class SessionKeys {
  private static final int BLOCK = 16;

  /** Labels of RFC 3711 §4.3.1 / §4.3.2. */
  static final int SRTP_ENCRYPTION = 0;

  static final int SRTCP_ENCRYPTION = 3;

  private final Cipher aes;
  private final byte[] salt;
  final HmacSha1 auth;
  private byte[] counters = new byte[2048];
  private byte[] keystream = new byte[2048];

  private SessionKeys(Cipher aes, byte[] salt, HmacSha1 auth) {
    this.aes = aes;
    this.salt = salt;
    this.auth = auth;
  }

  /**
   * Derives the encryption key ({@code label}), the authentication key ({@code label + 1}) and the
   * salt ({@code label + 2}) from the master key.
   */
  static SessionKeys derive(MasterKey master, int label) {
    Cipher prf = aes(master.key());
    byte[] key = derive(prf, master.salt(), label, master.suite().keyLength());
    byte[] authKey = derive(prf, master.salt(), label + 1, HmacSha1.LENGTH);
    byte[] salt = derive(prf, master.salt(), label + 2, SrtpSuite.SALT_LENGTH);
    return new SessionKeys(aes(key), salt, new HmacSha1(authKey));
  }

  /** Session keys given directly (the RFC 3711 B.2 test vector gives a session key and salt). */
  static SessionKeys of(byte[] key, byte[] salt, byte[] authKey) {
    return new SessionKeys(aes(key), salt.clone(), new HmacSha1(authKey));
  }

  /**
   * The key derivation PRF (§4.3.1, §4.3.3): AES-CM under the master key with IV = (master salt XOR
   * (label || index DIV kdr)) * 2^16; index DIV kdr is 0 (kdr 0), so the label lands in byte 7.
   */
  static byte[] derive(Cipher prf, byte[] masterSalt, int label, int length) {
    byte[] iv = new byte[BLOCK];
    System.arraycopy(masterSalt, 0, iv, 0, SrtpSuite.SALT_LENGTH);
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
}
