package io.isthmus.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * AES-GCM (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag, in place in the caller's array,
 * allocating nothing per message: the JDK's {@code AES/GCM} needs {@code Cipher.init} with a new
 * {@code GCMParameterSpec} per IV, which allocates about 1 KB each time. Counter mode runs on one
 * {@code AES/ECB/NoPadding} cipher per key over preallocated counter blocks; GHASH runs in Java
 * with a 256-entry table of multiples of H (8-bit windows, 4 KB per key, built at key set-up).
 *
 * <p>Per message: {@link #start}, then {@link #aad} any number of times, then {@link #seal} or
 * {@link #open}. One owner thread.
 *
 * <pre>
 * J0 = IV || 0^31 || 1;  C = P XOR E(K, inc32(J0)), E(K, inc32^2(J0)), ...
 * S = GHASH_H(A || 0^pad || C || 0^pad || [len(A)]64 || [len(C)]64);  T = S XOR E(K, J0)
 * </pre>
 */
final class AesGcm {
  /** Bytes of the tag. */
  static final int TAG = 16;

  private static final int BLOCK = 16;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final Cipher aes;

  /**
   * {@code n * H} for each byte n whose top bit is the coefficient of x^0: the high word at {@code
   * 2n}, the low one at {@code 2n + 1}.
   */
  private final long[] table = new long[512];

  /**
   * Counter blocks J0, inc32(J0), ... and their encryption; grown once for a datagram over 2 KB.
   */
  private byte[] counters = new byte[2048 + BLOCK];

  private byte[] keystream = new byte[2048 + BLOCK];

  /** A partial block of AAD (or the last of the ciphertext), zero-padded when hashed. */
  private final byte[] partial = new byte[BLOCK];

  /** The IV, the first 12 bytes of every counter block. */
  private long ivHigh;

  private int ivLow;
  private int partialLength;
  private long aadLength;

  /** The GHASH accumulator X (high, low words). */
  private long xh;

  private long xl;

  /** A cipher for {@code key} (16, 24 or 32 bytes). */
  AesGcm(byte[] key) {
    aes = SessionKeys.aes(key);
    byte[] h = new byte[BLOCK];
    try {
      aes.update(new byte[BLOCK], 0, BLOCK, h, 0); // H = E(K, 0^128)
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    // 0x80 = x^0 is H itself; 0x40 .. 0x01 are H * x .. x^7 (a shift right, reduced); the rest
    // are sums of those.
    long hh = (long) LONGS.get(h, 0);
    long hl = (long) LONGS.get(h, 8);
    for (int n = 0x80; n > 0; n >>>= 1) {
      table[2 * n] = hh;
      table[2 * n + 1] = hl;
      long bit = hl & 1;
      hl = (hl >>> 1) | (hh << 63);
      hh = (hh >>> 1) ^ (-bit & 0xE100_0000_0000_0000L);
    }
    for (int n = 2; n < 256; n <<= 1) {
      for (int m = 1; m < n; m++) {
        table[2 * (n + m)] = table[2 * n] ^ table[2 * m];
        table[2 * (n + m) + 1] = table[2 * n + 1] ^ table[2 * m + 1];
      }
    }
  }

  /** Begins a message under the 12-byte {@code iv}. */
  void start(byte[] iv) {
    ivHigh = (long) LONGS.get(iv, 0);
    ivLow = (int) INTS.get(iv, 8);
    xh = 0;
    xl = 0;
    partialLength = 0;
    aadLength = 0;
  }

  /** Authenticates {@code a[off, off+len)} as the next part of the AAD. */
  void aad(byte[] a, int off, int len) {
    aadLength += len;
    if (partialLength > 0) {
      // The previous part ended mid-block (SRTCP's AAD is 8 bytes of header, then the index word).
      int n = Math.min(len, BLOCK - partialLength);
      System.arraycopy(a, off, partial, partialLength, n);
      partialLength += n;
      off += n;
      len -= n;
      if (partialLength < BLOCK) {
        return;
      }
      hash((long) LONGS.get(partial, 0), (long) LONGS.get(partial, 8));
      partialLength = 0;
    }
    int end = off + (len & -BLOCK);
    for (; off < end; off += BLOCK) {
      hash((long) LONGS.get(a, off), (long) LONGS.get(a, off + 8));
    }
    partialLength = len & (BLOCK - 1);
    System.arraycopy(a, off, partial, 0, partialLength);
  }

  /**
   * Encrypts {@code p[off, off+len)} in place and writes the tag after it.
   *
   * @return {@code len + TAG}; {@code p} needs room for the tag
   */
  int seal(byte[] p, int off, int len) {
    flushPartial();
    keystream(len);
    xor(p, off, len);
    hashCiphertext(p, off, len);
    LONGS.set(p, off + len, xh ^ (long) LONGS.get(keystream, 0));
    LONGS.set(p, off + len + 8, xl ^ (long) LONGS.get(keystream, 8));
    return len + TAG;
  }

  /**
   * Checks the tag at the end of {@code p[off, off+len)} and, if it matches, decrypts the rest in
   * place; a message refused is left as it came.
   *
   * @return the plaintext length, -1 if the tag did not verify (or {@code len} is under a tag)
   */
  int open(byte[] p, int off, int len) {
    int body = len - TAG;
    if (body < 0) {
      return -1;
    }
    flushPartial();
    hashCiphertext(p, off, body);
    keystream(body);
    // Constant time: the difference of both words is tested once, whatever byte differs.
    long diff =
        (xh ^ (long) LONGS.get(keystream, 0) ^ (long) LONGS.get(p, off + body))
            | (xl ^ (long) LONGS.get(keystream, 8) ^ (long) LONGS.get(p, off + body + 8));
    if (diff != 0) {
      return -1;
    }
    xor(p, off, body);
    return body;
  }

  /** Hashes the AAD's last partial block, zero-padded. */
  private void flushPartial() {
    if (partialLength > 0) {
      Arrays.fill(partial, partialLength, BLOCK, (byte) 0);
      hash((long) LONGS.get(partial, 0), (long) LONGS.get(partial, 8));
      partialLength = 0;
    }
  }

  /** Hashes the ciphertext, zero-padded, then the length block. */
  private void hashCiphertext(byte[] c, int off, int len) {
    int end = off + (len & -BLOCK);
    for (int at = off; at < end; at += BLOCK) {
      hash((long) LONGS.get(c, at), (long) LONGS.get(c, at + 8));
    }
    int rest = len & (BLOCK - 1);
    if (rest > 0) {
      System.arraycopy(c, end, partial, 0, rest);
      Arrays.fill(partial, rest, BLOCK, (byte) 0);
      hash((long) LONGS.get(partial, 0), (long) LONGS.get(partial, 8));
    }
    hash(aadLength << 3, (long) len << 3);
  }

  /**
   * E(K, J0) followed by the keystream for {@code len} bytes into {@link #keystream}: one ECB call
   * over all counter blocks.
   */
  private void keystream(int len) {
    int bytes = BLOCK + ((len + BLOCK - 1) & -BLOCK);
    if (counters.length < bytes) {
      counters = new byte[bytes]; // a datagram above 2 KB: grows once
      keystream = new byte[bytes];
    }
    byte[] c = counters;
    for (int at = 0, j = 1; at < bytes; at += BLOCK, j++) {
      LONGS.set(c, at, ivHigh);
      INTS.set(c, at + 8, ivLow);
      INTS.set(c, at + 12, j);
    }
    try {
      // ECB over whole blocks from one array into another: the JDK copies nothing (no overlap).
      aes.update(c, 0, bytes, keystream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** XORs {@code p[off, off+len)} with the keystream after E(K, J0). */
  private void xor(byte[] p, int off, int len) {
    byte[] k = keystream;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      LONGS.set(p, off + i, (long) LONGS.get(p, off + i) ^ (long) LONGS.get(k, BLOCK + i));
    }
    for (; i < len; i++) {
      p[off + i] ^= k[BLOCK + i];
    }
  }

  /**
   * X = (X XOR block) * H in GF(2^128), a byte of X at a time: X * H is the sum over the bytes b of
   * table[byte b] * x^(8b). Two Horner chains, P = P * x^8 XOR table[byte] over bytes 7..0 and Q
   * likewise over bytes 15..8, so that X * H = P + Q * x^64; neither is reduced inside the loop (a
   * reduction per step would put a dependent load on the chain), each fits in three words, and the
   * part above x^127 is folded in once at the end. The same work for every block.
   */
  private void hash(long bh, long bl) {
    long vh = xh ^ bh;
    long vl = xl ^ bl;
    long[] t = table;
    // p0 holds x^0..x^63 (x^0 its top bit), p1 x^64..x^127, p2 x^128..x^191; q likewise
    long p0 = 0;
    long p1 = 0;
    long p2 = 0;
    long q0 = 0;
    long q1 = 0;
    long q2 = 0;
    for (int i = 0; i < 8; i++, vh >>>= 8, vl >>>= 8) {
      int n = ((int) vh & 0xFF) << 1;
      int m = ((int) vl & 0xFF) << 1;
      p2 = (p2 >>> 8) | (p1 << 56);
      p1 = ((p1 >>> 8) | (p0 << 56)) ^ t[n + 1];
      p0 = (p0 >>> 8) ^ t[n];
      q2 = (q2 >>> 8) | (q1 << 56);
      q1 = ((q1 >>> 8) | (q0 << 56)) ^ t[m + 1];
      q0 = (q0 >>> 8) ^ t[m];
    }
    // Z = P + Q * x^64 (Q one word along): z0 = p0, z1, and z2, z3 holding x^128..x^255.
    long z1 = p1 ^ q0;
    long z2 = p2 ^ q1;
    long z3 = q2;
    // x^128 = x^7 + x^2 + x + 1 (mod P): the high half times that is a shift right by 0, 1, 2 and
    // 7; what those shifts push past x^127 (the low 7 bits of z3) is folded in once more.
    long spill = (z3 << 63) ^ (z3 << 62) ^ (z3 << 57);
    xh =
        p0
            ^ z2
            ^ (z2 >>> 1)
            ^ (z2 >>> 2)
            ^ (z2 >>> 7)
            ^ spill
            ^ (spill >>> 1)
            ^ (spill >>> 2)
            ^ (spill >>> 7);
    xl =
        z1 ^ z3 ^ ((z3 >>> 1) | (z2 << 63)) ^ ((z3 >>> 2) | (z2 << 62)) ^ ((z3 >>> 7) | (z2 << 57));
  }
}
