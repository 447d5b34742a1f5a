package io.isthmus.proxy.dispatcher;

/**
 * Told of every state change of a gateway (for logs and metrics; Kamailio's {@code
 * dispatcher:dst-down} / {@code dst-up} events). Called on the thread that caused the change, after
 * it took effect; it must not block.
 */
@FunctionalInterface
public interface GatewayStateListener {

  /** {@code gateway} went from {@code from} to {@code to} because of {@code reason}. */
  void stateChanged(Gateway gateway, GatewayState from, GatewayState to, String reason);
}
