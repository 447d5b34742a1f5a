package io.isthmus.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The digest algorithms of RFC 8760 this proxy offers: SHA-256 (preferred) and MD5. */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256"),
  MD5("MD5", "MD5");

  private final String token;
  private final String jdkName;

  DigestAlgorithm(String token, String jdkName) {
    this.token = token;
    this.jdkName = jdkName;
  }

  /** The {@code algorithm=} token of a challenge. */
  public String token() {
    return token;
  }

  /** The algorithm a token names (case-insensitive); null when unknown or a -sess variant. */
  public static DigestAlgorithm of(String token) {
    if (token == null) {
      return MD5; // RFC 2617 §3.2.1: absent means MD5
    }
    return switch (token.toUpperCase(Locale.ROOT)) {
      case "MD5" -> MD5;
      case "SHA-256" -> SHA_256;
      default -> null;
    };
  }

  /** Lower-case hex of the digest of {@code text} (UTF-8). */
  public String hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " missing from the JDK", e);
    }
  }

  /** HA1 of RFC 2617 §3.2.2.2: H(username:realm:password), what a credentials file holds. */
  public String ha1(String user, String realm, String password) {
    return hex(user + ":" + realm + ":" + password);
  }
}
