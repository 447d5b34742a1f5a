package io.isthmus.media.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1, without allocation per message: {@code
 * javax.crypto.Mac#doFinal} returns a fresh array every time, {@link MessageDigest#digest(byte[],
 * int, int)} writes into ours. The cost is the same four compressions per short message. Not
 * thread-safe: one owner.
 */
final class HmacSha1 {
  static final int LENGTH = 20;
  private static final int BLOCK = 64;

  private final MessageDigest sha1;
  private final byte[] ipad = new byte[BLOCK];
  private final byte[] opad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];

  HmacSha1(byte[] key) {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
  }

  /** Starts a message. */
  void start() {
    sha1.reset();
    sha1.update(ipad);
  }

  void update(byte[] data, int off, int len) {
    sha1.update(data, off, len);
  }

  void updateInt(long value) {
    sha1.update((byte) (value >>> 24));
    sha1.update((byte) (value >>> 16));
    sha1.update((byte) (value >>> 8));
    sha1.update((byte) value);
  }

  /** Writes the 20-byte MAC of the message to {@code out} at {@code off}. */
  void finish(byte[] out, int off) {
    try {
      sha1.digest(inner, 0, LENGTH);
      sha1.update(opad);
      sha1.update(inner);
      sha1.digest(out, off, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException(e); // only for a short output buffer, which ours is not
    }
  }
}
