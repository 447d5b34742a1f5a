package io.isthmus.proxy.auth;

import java.util.List;

/** What digest authentication decided about one request. */
public sealed interface AuthResult {

  /** The request's credentials are good: {@code identity} is {@code user@realm}. */
  record Authenticated(String user, String realm) implements AuthResult {
    public String identity() {
      return user + "@" + realm;
    }
  }

  /**
   * Challenge with 407: the {@code Proxy-Authenticate} values to send, and why (for the Warning and
   * the log; empty for a first request without credentials).
   */
  record Challenge(List<String> proxyAuthenticate, Failure failure) implements AuthResult {}

  /** Why credentials were refused (counted by cause). */
  enum Failure {
    /** No credentials for our realm: the ordinary first request. */
    NONE,
    /** Broken header, unknown algorithm, URI or realm mismatch. */
    MALFORMED,
    /** Nonce not ours, or minted for another source address. */
    BAD_NONCE,
    /** Unknown user or wrong password (the two are not told apart to the caller). */
    WRONG_CREDENTIALS,
    /** Good credentials on an expired nonce: challenged with stale=true. */
    STALE,
    /** A nonce count already used with this nonce (RFC 2617 §3.2.2: replay). */
    REPLAYED
  }
}
