package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.Uri;

/**
 * What selection may look at from the request being routed. Only the hash algorithms read it;
 * fields they do not need may be null.
 *
 * @param callId the Call-ID header value
 * @param from the From URI
 * @param to the To URI
 */
public record SelectionContext(String callId, Uri from, Uri to) {}
