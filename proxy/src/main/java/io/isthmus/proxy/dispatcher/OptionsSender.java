package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.message.SipRequest;
import java.util.concurrent.CompletionStage;

/**
 * Sends a keepalive OPTIONS to a gateway; implemented by the proxy core over its transaction layer
 * (which adds the Via and picks the socket: the gateway's {@code socket=} attribute or the default
 * of its network).
 */
@FunctionalInterface
public interface OptionsSender {

  /**
   * Sends {@code options} to {@code gateway}. The stage completes with the final status code, or
   * exceptionally when no final response will come (transaction timeout, transport error). The
   * {@link Prober} applies its own timeout as well, so a stage that never completes is harmless.
   */
  CompletionStage<Integer> send(Gateway gateway, SipRequest options);
}
