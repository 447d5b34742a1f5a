package io.isthmus.media.ice;

import java.security.SecureRandom;

/**
 * ICE short-term credentials of one side (RFC 8445 §5.3, RFC 8839 §5.4): {@code a=ice-ufrag} and
 * {@code a=ice-pwd}. The relay's own are random ice-chars of rtpengine's lengths (8 and 26; the RFC
 * asks for at least 4 and 22, with at least 24 and 128 bits of randomness).
 */
public record IceCredentials(String ufrag, String pwd) {
  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Fresh credentials for the relay's side. */
  public static IceCredentials random() {
    return new IceCredentials(chars(8), chars(26));
  }

  /** {@code n} random ice-chars (letters and digits only: no '+' or '/' to escape anywhere). */
  static String chars(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
    }
    return sb.toString();
  }
}
