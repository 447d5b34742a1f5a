package io.isthmus.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code admin:} the HTTP endpoint for health, Prometheus metrics, the JSON API and the status
 * page.
 *
 * @param listen where the HTTP server listens
 */
public record AdminConfig(InetSocketAddress listen) {

  /**
   * Key of the listen address; default 127.0.0.1:8080: loopback only, because the API can change
   * gateway states and delete calls, and exposing it is the operator's explicit choice.
   */
  public static final String KEY_LISTEN = "listen";

  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

  public static final AdminConfig DEFAULTS = new AdminConfig(DEFAULT_LISTEN);
}
