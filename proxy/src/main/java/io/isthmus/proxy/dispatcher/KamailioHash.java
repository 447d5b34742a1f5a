package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.TelUri;
import io.isthmus.sip.uri.Uri;
import java.nio.charset.StandardCharsets;

/**
 * The hash Kamailio's dispatcher computes for algorithms 0-2 ({@code ds_get_hash}), reproduced bit
 * for bit so that a call hashes to the same gateway index as under Kamailio with the same set.
 *
 * <p>Each key is read in 4-byte big-endian words {@code v} (bytes taken as signed, as {@code char}
 * is on x86), adding {@code v ^ (v >>> 3)}; the tail of fewer than 4 bytes is folded into one word
 * the same way; a second key (host[:port]) continues the sum; the result is mixed as {@code h + (h
 * >>> 11) + (h >>> 13) + (h >>> 23)} in 32-bit unsigned arithmetic, and 0 becomes 1.
 */
final class KamailioHash {
  private KamailioHash() {}

  /** The hash of one or two keys (null = absent), as an unsigned 32-bit value in an int. */
  static int hash(byte[] x, byte[] y) {
    if (x == null && y == null) {
      return 0;
    }
    int h = 0;
    if (x != null) {
      h = add(h, x);
    }
    if (y != null) {
      h = add(h, y);
    }
    h = (h + (h >>> 11)) + ((h >>> 13) + (h >>> 23));
    return h != 0 ? h : 1;
  }

  private static int add(int h, byte[] k) {
    int p = 0;
    for (; p + 4 <= k.length; p += 4) {
      int v = (k[p] << 24) + (k[p + 1] << 16) + (k[p + 2] << 8) + k[p + 3];
      h += v ^ (v >>> 3);
    }
    int v = 0;
    for (; p < k.length; p++) {
      v = (v << 8) + k[p];
    }
    return h + (v ^ (v >>> 3));
  }

  /** Algorithm 0: the Call-ID, trimmed. */
  static int callId(String callId) {
    return hash(utf8(callId == null ? "" : callId.strip()), null);
  }

  /** Algorithm 5: the digest user name, trimmed (the user part of the username parameter). */
  static int authUser(String user) {
    return hash(utf8(user.strip()), null);
  }

  /**
   * Algorithms 1 and 2 ({@code get_uri_hash_keys}): user, then host plus {@code :port} when a port
   * is written and is not the scheme's default (5060, or 5061 for sips); with {@code userOnly}
   * (Kamailio modparam {@code flags=1}) the user alone. A tel URI hashes its number; another scheme
   * its whole text.
   */
  static int uri(Uri uri, boolean userOnly) {
    if (uri instanceof SipUri s) {
      byte[] user = s.user() == null ? null : utf8(s.user());
      if (userOnly) {
        return hash(user, null);
      }
      String hostPort = s.host();
      int defaultPort = s.secure() ? 5061 : 5060;
      if (s.port() >= 0 && s.port() != defaultPort) {
        hostPort = hostPort + ":" + s.port();
      }
      return hash(user, utf8(hostPort));
    }
    if (uri instanceof TelUri t) {
      return hash(utf8(t.number()), null);
    }
    return hash(utf8(uri == null ? "" : uri.toString()), null);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
