package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.Uri;

/**
 * What selection may look at from the request being routed. Only the hash algorithms read it;
 * fields they do not need may be null.
 *
 * @param callId the Call-ID header value
 * @param from the From URI
 * @param to the To URI
 * @param authUser the user name the caller proved with digest authentication, null when it did not
 *     authenticate (algorithm 5)
 */
public record SelectionContext(String callId, Uri from, Uri to, String authUser) {

  /** A context for a caller who did not authenticate. */
  public SelectionContext(String callId, Uri from, Uri to) {
    this(callId, from, to, null);
  }
}
