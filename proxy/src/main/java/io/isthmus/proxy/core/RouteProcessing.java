package io.isthmus.proxy.core;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.uri.Uri;
import java.util.List;

/**
 * Route processing of a received request (RFC 3261 §16.4) and the next hop it then has (§16.12,
 * loose routing): Route values that name this proxy are removed from the top, which takes both of
 * our entries after double record-routing (the inbound and the outbound socket of the original
 * crossing, RFC 5658); a pre-loaded Route naming us goes the same way. The next hop is then the top
 * remaining Route, else the Request-URI.
 *
 * <p>Strict routing (a previous hop that put our URI in the Request-URI and the remote target in
 * the last Route, §16.4 second part) is not supported: every element of this deployment record-
 * routes with {@code lr}. Such a request is sent to our own address, which the loop check answers.
 */
final class RouteProcessing {
  private RouteProcessing() {}

  /**
   * The request after removing our Route values, and its next hop.
   *
   * @param request the request as received
   * @param routesRemoved how many of our Route values were taken off the top
   */
  record Routed(SipRequest request, Uri nextHop, boolean hasRoute, int routesRemoved) {}

  static Routed process(SipRequest request, LocalSockets sockets) throws SipParseException {
    List<NameAddress> routes = request.routes();
    int ours = 0;
    while (ours < routes.size() && sockets.isUs(routes.get(ours).uri())) {
      ours++;
    }
    SipRequest routed = request;
    if (ours > 0) {
      var editor = request.edit();
      for (int i = 0; i < ours; i++) {
        editor.removeTopRoute();
      }
      routed = editor.build();
    }
    boolean hasRoute = ours < routes.size();
    Uri next = hasRoute ? routes.get(ours).uri() : request.requestUri();
    return new Routed(routed, next, hasRoute, ours);
  }
}
