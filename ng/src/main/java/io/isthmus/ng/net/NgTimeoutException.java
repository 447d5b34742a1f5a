package io.isthmus.ng.net;

/** A relay node did not answer any of the attempts of a request. */
public final class NgTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A timeout with a description of the request and the attempts. */
  public NgTimeoutException(String message) {
    super(message, null, false, false);
  }
}
