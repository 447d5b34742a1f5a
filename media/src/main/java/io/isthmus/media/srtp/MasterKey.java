package io.isthmus.media.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SDES master key and salt for one suite, as carried in {@code inline:} key parameters (RFC 4568
 * §6.1: base64 of key || salt).
 */
public final class MasterKey {
  private final SrtpSuite suite;
  private final byte[] key;
  private final byte[] salt;

  private MasterKey(SrtpSuite suite, byte[] key, byte[] salt) {
    this.suite = suite;
    this.key = key;
    this.salt = salt;
  }

  /** A key and salt of the suite's lengths. */
  public static MasterKey of(SrtpSuite suite, byte[] key, byte[] salt) {
    if (key.length != suite.keyLength() || salt.length != suite.saltLength()) {
      throw new IllegalArgumentException(
          suite
              + " needs a "
              + suite.keyLength()
              + "-byte key and a "
              + suite.saltLength()
              + "-byte salt");
    }
    return new MasterKey(suite, key.clone(), salt.clone());
  }

  /** Fresh random key material (RFC 4568 §6.1: keys must be random). */
  public static MasterKey random(SrtpSuite suite, SecureRandom random) {
    byte[] key = new byte[suite.keyLength()];
    byte[] salt = new byte[suite.saltLength()];
    random.nextBytes(key);
    random.nextBytes(salt);
    return new MasterKey(suite, key, salt);
  }

  /**
   * Decodes the base64 of an {@code inline:} parameter (padding optional: rtpengine writes none).
   *
   * @throws IllegalArgumentException if it is not base64 of the suite's key and salt length
   */
  public static MasterKey fromInline(SrtpSuite suite, String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64); // padding optional in the JDK's decoder
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inline key is not base64: " + e.getMessage());
    }
    int keyLength = suite.keyLength();
    if (raw.length != keyLength + suite.saltLength()) {
      throw new IllegalArgumentException(
          "inline key of "
              + suite
              + " must hold "
              + (keyLength + suite.saltLength())
              + " bytes, has "
              + raw.length);
    }
    return new MasterKey(
        suite,
        Arrays.copyOfRange(raw, 0, keyLength),
        Arrays.copyOfRange(raw, keyLength, raw.length));
  }

  /** The {@code inline:} base64 text, without padding (as rtpengine writes it). */
  public String inline() {
    byte[] raw = new byte[key.length + salt.length];
    System.arraycopy(key, 0, raw, 0, key.length);
    System.arraycopy(salt, 0, raw, key.length, salt.length);
    return Base64.getEncoder().withoutPadding().encodeToString(raw);
  }

  public SrtpSuite suite() {
    return suite;
  }

  byte[] key() {
    return key;
  }

  byte[] salt() {
    return salt;
  }

  @Override
  public String toString() {
    return suite + " key"; // never the key itself: it ends up in logs
  }
}
