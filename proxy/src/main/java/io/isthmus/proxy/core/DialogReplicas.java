package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.GatewayAttrs;
import io.isthmus.proxy.dispatcher.GatewayKey;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an answered dialog into a {@link DialogReplica} and back: the one place that knows both the
 * proxy's own dialog objects and their plain form. Runs on the call's loop (building) or before the
 * proxy serves (restoring).
 */
final class DialogReplicas {
  private DialogReplicas() {}

  /** The replica of a dialog just answered or refreshed. */
  static DialogReplica of(
      String callId,
      String calleeTag,
      Gateway gateway,
      DialogState dialog,
      ProxyCall call,
      String relayNode,
      long intervalMillis,
      long expiresAtMillis) {
    return new DialogReplica(
        callId,
        call != null ? call.callerTag() : dialog != null ? dialog.caller.tag : null,
        calleeTag,
        gateway.setId(),
        gateway.uri().toString(),
        dialog == null ? null : party(dialog.caller),
        dialog == null ? null : party(dialog.callee),
        relayNode,
        call == null ? null : call.callerNetwork(),
        call == null ? null : call.calleeNetwork(),
        call == null ? null : call.gatewaySet(),
        call == null ? 0 : call.createdEpochMillis(),
        call == null ? 0 : call.answeredEpochMillis(),
        intervalMillis,
        expiresAtMillis,
        call == null ? null : call.callerIdentity());
  }

  private static DialogReplica.Party party(DialogState.Side s) {
    List<String> routes = new ArrayList<>(s.routes.size());
    for (NameAddress r : s.routes) {
      routes.add(r.toString());
    }
    return new DialogReplica.Party(
        s.tag,
        s.address,
        s.target.toString(),
        routes,
        s.network.name(),
        s.fallback == null ? null : destination(s.fallback),
        s.cseq);
  }

  /** {@code UDP/127.0.1.100:5060}. */
  static String destination(Destination d) {
    return d.transport().name()
        + "/"
        + d.address().getAddress().getHostAddress()
        + ":"
        + d.address().getPort();
  }

  /** The dialog state of {@code r}, or null when it has none; throws when it does not parse. */
  static DialogState dialog(DialogReplica r, Networks networks)
      throws SipParseException, UnknownHostException {
    if (r.caller() == null || r.callee() == null) {
      return null;
    }
    return DialogState.restored(r.callId(), side(r.caller(), networks), side(r.callee(), networks));
  }

  private static DialogState.Side side(DialogReplica.Party p, Networks networks)
      throws SipParseException, UnknownHostException {
    List<NameAddress> routes = new ArrayList<>(p.routes().size());
    for (String route : p.routes()) {
      byte[] b = route.getBytes(StandardCharsets.UTF_8);
      routes.add(NameAddress.parse(b, 0, b.length));
    }
    Network network =
        networks
            .byName(p.network())
            .orElseThrow(() -> new UnknownHostException("no network " + p.network()));
    return new DialogState.Side(
        p.tag(),
        p.address(),
        Uri.parse(p.target()),
        routes,
        network,
        p.fallback() == null ? null : parseDestination(p.fallback()),
        p.cseq());
  }

  static Destination parseDestination(String text) throws UnknownHostException {
    int slash = text.indexOf('/');
    int colon = text.lastIndexOf(':');
    if (slash <= 0 || colon <= slash) {
      throw new UnknownHostException("not TRANSPORT/ADDRESS:PORT: " + text);
    }
    Transport t = Transport.valueOf(text.substring(0, slash).toUpperCase(Locale.ROOT));
    InetAddress a = InetAddress.ofLiteral(text.substring(slash + 1, colon));
    return new Destination(
        t, new InetSocketAddress(a, Integer.parseInt(text.substring(colon + 1))));
  }

  /**
   * The gateway a restored dialog counts on: the configured one of that set and URI, or (it left
   * the list meanwhile) one made from the URI, so that the dialog still counts and ends.
   */
  static Gateway gateway(DialogReplica r, List<Gateway> configured) throws SipParseException {
    SipUri uri = SipUri.parse(r.gatewayUri());
    GatewayKey key = GatewayKey.of(r.gatewaySet(), uri);
    for (Gateway g : configured) {
      if (g.key().equals(key)) {
        return g;
      }
    }
    return new Gateway(r.gatewaySet(), uri, 0, 0, GatewayAttrs.NONE);
  }
}
