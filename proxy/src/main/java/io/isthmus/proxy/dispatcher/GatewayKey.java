package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.SipUri;
import java.util.Locale;

/**
 * Identifies a gateway across reloads: set id plus destination URI text, compared without case
 * (Kamailio matches destinations with {@code strncasecmp}).
 */
public record GatewayKey(int setId, String uri) {

  /** The key of {@code uri} in set {@code setId}. */
  public static GatewayKey of(int setId, SipUri uri) {
    return new GatewayKey(setId, uri.toString().toLowerCase(Locale.ROOT));
  }

  /** The key of a URI given as text (for the ctl command); the text is not parsed. */
  public static GatewayKey of(int setId, String uri) {
    return new GatewayKey(setId, uri.toLowerCase(Locale.ROOT));
  }
}
