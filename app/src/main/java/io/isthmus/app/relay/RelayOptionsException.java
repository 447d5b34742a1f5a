package io.isthmus.app.relay;

/**
 * The relay's options or its rtpengine.conf are wrong; the message names the file, line and key.
 */
public final class RelayOptionsException extends Exception {
  private static final long serialVersionUID = 1L;

  public RelayOptionsException(String message) {
    super(message, null, false, false);
  }
}
