package io.isthmus.proxy.core;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import java.time.Duration;
import java.util.Optional;

/**
 * RFC 4028 session timers as far as a proxy that keeps no session of its own needs them: the
 * session interval a 2xx confirms ({@code Session-Expires: delta-seconds *(;param)}, §4), after
 * which a dialog that saw no refresh (re-INVITE or UPDATE) is over.
 */
final class SessionTimer {
  /** RFC 4028 §5: no interval below 90 s is valid; a smaller value is ignored as malformed. */
  static final long MIN_SE_SECONDS = 90;

  private SessionTimer() {}

  /** The interval of {@code message}'s Session-Expires, or null when it has none (or a bad one). */
  static Duration interval(SipMessage message) {
    Optional<String> value = message.headerValue(HeaderName.SESSION_EXPIRES);
    if (value.isEmpty()) {
      return null;
    }
    String v = value.get();
    int semi = v.indexOf(';');
    String delta = (semi < 0 ? v : v.substring(0, semi)).trim();
    if (delta.isEmpty() || delta.length() > 10 || !delta.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long seconds = Long.parseLong(delta);
    return seconds < MIN_SE_SECONDS ? null : Duration.ofSeconds(seconds);
  }
}
