package io.isthmus.proxy.transport;

/**
 * A response cannot be sent: its Via names an unsupported transport, a name that would need DNS
 * (out of scope), or a malformed address or port. The response is dropped.
 */
public final class UnroutableResponseException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnroutableResponseException(String message) {
    super(message, null, false, false);
  }
}
