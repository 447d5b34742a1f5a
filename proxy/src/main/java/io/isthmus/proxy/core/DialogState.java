package io.isthmus.proxy.core;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the proxy keeps of an answered dialog so that it can end it from the middle ({@link
 * ProxyCore#terminate}, what operators do with Kamailio's {@code dlg.end_dlg}): for each side the
 * state a UA of that dialog holds (RFC 3261 §12.1.1, §12.1.2), seen from the proxy's place on the
 * path. Taken from the initial INVITE as received and from the 2xx that answered it; the CSeq of
 * each side then follows its in-dialog requests.
 *
 * <ul>
 *   <li>remote target: the caller's Contact of the INVITE, the callee's Contact of the 2xx;
 *   <li>route set towards each side, nearest to us first: towards the caller the Record-Route
 *       values the INVITE arrived with (the proxies upstream of us, as the callee's route set has
 *       them below ours); towards the callee the 2xx's Record-Route values above our own, reversed
 *       (the proxies downstream of us, as the caller's route set has them after ours);
 *   <li>each side's own address with its tag (the INVITE's From, the 2xx's To): the From of a BYE
 *       to the other side and the To of a BYE to itself, as if the other party hung up;
 *   <li>the highest CSeq each side used, so that a BYE in its name is numbered above it.
 * </ul>
 *
 * Owned by the loop of the Call-ID, like {@link AnsweredCalls} that holds it.
 */
final class DialogState {

  /** One party of the dialog, as the proxy reaches it. */
  static final class Side {
    final String tag;
    final String address;
    final Uri target;
    final List<NameAddress> routes;
    final Network network;
    final Destination fallback;
    int cseq;

    /**
     * @param address its From (caller) or To (callee) header value, with its tag
     * @param target its Contact: the Request-URI of requests to it
     * @param routes Route values towards it, nearest to us first
     * @param network its network (the egress when the next hop is in none of ours)
     * @param fallback where to send when the next hop is not an address (a host name without a
     *     resolver, or resolving to nothing): where the INVITE came from, or the gateway it went
     *     to; null when none
     * @param cseq the highest CSeq number it used so far
     */
    Side(
        String tag,
        String address,
        Uri target,
        List<NameAddress> routes,
        Network network,
        Destination fallback,
        int cseq) {
      this.tag = tag;
      this.address = address;
      this.target = target;
      this.routes = List.copyOf(routes);
      this.network = network;
      this.fallback = fallback;
      this.cseq = cseq;
    }
  }

  final String callId;
  final Side caller;
  final Side callee;

  private DialogState(String callId, Side caller, Side callee) {
    this.callId = callId;
    this.caller = caller;
    this.callee = callee;
  }

  /**
   * The dialog that {@code ok} established for {@code invite}; empty when either lacks what a
   * dialog needs (a Contact, tags): such a call can still have its media deleted, not a BYE.
   *
   * @param invite the initial INVITE as received (our own Routes removed)
   * @param ok the 2xx as received from downstream (our Via still on top)
   * @param callerNetwork the network the INVITE came from
   * @param callerSource where the INVITE came from
   * @param calleeNetwork the network the INVITE went to
   * @param gateway the gateway the INVITE went to, or null
   */
  static Optional<DialogState> of(
      SipRequest invite,
      SipResponse ok,
      LocalSockets sockets,
      Network callerNetwork,
      Destination callerSource,
      Network calleeNetwork,
      Destination gateway) {
    try {
      String callerTag = invite.from().tag();
      String calleeTag = ok.to().tag();
      if (callerTag == null || calleeTag == null) {
        return Optional.empty();
      }
      Uri callerTarget = invite.contacts().addresses().getFirst().uri();
      Uri calleeTarget = ok.contacts().addresses().getFirst().uri();
      // upstream Record-Route values: the nearest proxy pushed its value on top (§16.6 step 4)
      List<NameAddress> towardsCaller = invite.recordRoutes();
      List<NameAddress> towardsCallee = new ArrayList<>();
      for (NameAddress rr : ok.recordRoutes()) {
        if (sockets.isUs(rr.uri())) {
          break; // ours and below lead back to the caller
        }
        towardsCallee.addFirst(rr);
      }
      Side caller =
          new Side(
              callerTag,
              invite.headerValue(HeaderName.FROM).orElseThrow(),
              callerTarget,
              towardsCaller,
              callerNetwork,
              callerSource,
              invite.cseq().number());
      Side callee =
          new Side(
              calleeTag,
              ok.headerValue(HeaderName.TO).orElseThrow(),
              calleeTarget,
              towardsCallee,
              calleeNetwork,
              gateway,
              0);
      return Optional.of(new DialogState(invite.callId(), caller, callee));
    } catch (SipParseException | RuntimeException e) { // no Contact, unreadable headers
      return Optional.empty();
    }
  }

  /** The dialog state read back from a replica ({@link DialogReplicas}). */
  static DialogState restored(String callId, Side caller, Side callee) {
    return new DialogState(callId, caller, callee);
  }

  /**
   * An in-dialog request from the party tagged {@code fromTag} with CSeq {@code number}: a BYE in
   * its name must be numbered above it (§12.2.1.1). ACKs keep their INVITE's number: no change.
   */
  void sent(String fromTag, int number) {
    if (fromTag == null) {
      return;
    }
    Side s = fromTag.equals(caller.tag) ? caller : fromTag.equals(callee.tag) ? callee : null;
    if (s != null && number > s.cseq) {
      s.cseq = number;
    }
  }

  /** The other side of {@code s}. */
  Side peerOf(Side s) {
    return s == caller ? callee : caller;
  }
}
