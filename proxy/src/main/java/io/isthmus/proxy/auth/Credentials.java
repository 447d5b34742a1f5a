package io.isthmus.proxy.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HA1 hashes by user and realm, never passwords (RFC 3261 §22.4 allows storing H(A1)). One line per
 * user, realm and algorithm: {@code user:realm:MD5:hex} or {@code user:realm:SHA-256:hex}; blank
 * lines and {@code #} comments are skipped. Make an entry with {@code printf 'alice:isthmus:secret'
 * | sha256sum} (or md5sum).
 */
public final class Credentials {
  private final Map<String, Map<DigestAlgorithm, String>> byUserRealm;

  private Credentials(Map<String, Map<DigestAlgorithm, String>> byUserRealm) {
    this.byUserRealm = byUserRealm;
  }

  /** No users: every credential fails. */
  public static final Credentials NONE = new Credentials(Map.of());

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file and line of an entry that does not fit
   */
  public static Credentials read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Parses lines of the file format; {@code source} names them in errors. */
  public static Credentials parse(String source, List<String> lines) throws IOException {
    Map<String, Map<DigestAlgorithm, String>> out = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(":", -1);
      DigestAlgorithm a = f.length == 4 ? DigestAlgorithm.of(f[2]) : null;
      int hexLength = a == DigestAlgorithm.SHA_256 ? 64 : 32;
      if (f.length != 4
          || f[0].isEmpty()
          || f[1].isEmpty()
          || a == null
          || f[3].length() != hexLength
          || !f[3].chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IOException(
            source
                + ":"
                + (i + 1)
                + ": expected user:realm:MD5:<32 hex> or user:realm:SHA-256:<64 hex>");
      }
      out.computeIfAbsent(key(f[0], f[1]), k -> new EnumMap<>(DigestAlgorithm.class))
          .put(a, f[3].toLowerCase(Locale.ROOT));
    }
    return new Credentials(Map.copyOf(out));
  }

  /** The HA1 of {@code user} in {@code realm} for {@code algorithm}, or null. */
  public String ha1(String user, String realm, DigestAlgorithm algorithm) {
    Map<DigestAlgorithm, String> m = byUserRealm.get(key(user, realm));
    return m == null ? null : m.get(algorithm);
  }

  /** Entries (user and realm pairs). */
  public int size() {
    return byUserRealm.size();
  }

  private static String key(String user, String realm) {
    return user + "\u0000" + realm;
  }
}
