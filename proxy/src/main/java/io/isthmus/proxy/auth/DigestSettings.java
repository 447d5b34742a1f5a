package io.isthmus.proxy.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Digest authentication of one network's callers (RFC 3261 §22, RFC 8760).
 *
 * @param realm the realm of the challenges and the credentials file's entries
 * @param credentials the file of HA1 hashes ({@link Credentials}), re-read on reload
 * @param algorithms what the 407 offers, in order of preference (SHA-256 first, RFC 8760 §2.4)
 * @param nonceLifetime a nonce older than this is stale: the caller is challenged again with {@code
 *     stale=true} and retries without asking its user (RFC 2617 §3.2.1)
 */
public record DigestSettings(
    String realm, Path credentials, List<DigestAlgorithm> algorithms, Duration nonceLifetime) {

  /** Both algorithms, SHA-256 first. */
  public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS =
      List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

  /** 5 minutes: long enough for a call's setup and re-INVITEs, short enough to limit replays. */
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofMinutes(5);

  public DigestSettings {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(credentials, "credentials");
    algorithms = List.copyOf(algorithms);
    if (realm.isBlank() || realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("realm empty or with a quote or backslash: " + realm);
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("no digest algorithm offered");
    }
    if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
      throw new IllegalArgumentException("nonce lifetime must be positive: " + nonceLifetime);
    }
  }
}
