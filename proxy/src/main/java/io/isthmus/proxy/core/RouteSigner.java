package io.isthmus.proxy.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the proxy's Record-Route entries unforgeable without per-dialog state: each carries {@code
 * ih=}, an HMAC-SHA256 (truncated to 96 bits) over the Call-ID and the caller's From tag under a
 * key only the proxy knows. An in-dialog request arrives with our entries as its Route; the
 * caller's requests carry the tag as From tag, the callee's as To tag, so either side's request
 * verifies. A Route naming us without a valid {@code ih} was not made by us for this dialog.
 *
 * <p>The key is random per start unless the operator gives one (a file), so that dialogs survive a
 * restart; thread-safe (a Mac per call, no shared mutable state).
 */
public final class RouteSigner {
  /** The Record-Route URI parameter carrying the signature. */
  public static final String PARAM = "ih";

  private final byte[] key;

  /** A signer with {@code key} (at least 16 bytes). */
  public RouteSigner(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("route key shorter than 16 bytes");
    }
    this.key = key.clone();
  }

  /** A signer with a random key: dialogs do not survive a restart. */
  public static RouteSigner random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new RouteSigner(k);
  }

  /**
   * The {@code ih} value for the dialog of {@code callId} set up by the caller with {@code tag}.
   */
  public String sign(String callId, String tag) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(callId.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      m.update((tag == null ? "" : tag).getBytes(StandardCharsets.UTF_8));
      byte[] mac = m.doFinal();
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(mac, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }

  /** True when {@code ih} signs the dialog of {@code callId} with one of the two tags. */
  public boolean verifies(String ih, String callId, String fromTag, String toTag) {
    if (ih == null) {
      return false;
    }
    byte[] got = ih.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(got, sign(callId, fromTag).getBytes(StandardCharsets.US_ASCII))
        || (toTag != null
            && MessageDigest.isEqual(got, sign(callId, toTag).getBytes(StandardCharsets.US_ASCII)));
  }
}
