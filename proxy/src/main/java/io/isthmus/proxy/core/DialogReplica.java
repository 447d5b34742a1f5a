package io.isthmus.proxy.core;

import java.util.List;
import java.util.Objects;

/**
 * What another process needs to carry on one answered dialog of this proxy (docs/ha.md): the
 * dialog's keys, the gateway whose call load it counts, what a BYE to each side needs ({@link
 * DialogState}), the relay node holding its media, the call log's facts for {@code ctl calls}, and
 * when its session expires. Plain values only (strings, numbers), so the HA module can write it
 * anywhere; made on the call's loop when the dialog is answered ({@link DialogListener#answered})
 * and read back by {@link Proxy#start} into a restarted (or standby) proxy.
 *
 * @param callId the Call-ID
 * @param callerTag the caller's From tag
 * @param calleeTag the callee's To tag (the dialog's key with the Call-ID)
 * @param gatewaySet the dispatcher set of the answering gateway
 * @param gatewayUri the answering gateway's URI, as configured
 * @param caller the caller as a BYE reaches it, or null when the 2xx lacked what a dialog needs
 * @param callee the callee likewise, or null
 * @param relayNode the NG relay node holding the media, or null (in process, unknown)
 * @param callerNetwork the network the INVITE came from (the call log)
 * @param calleeNetwork the network the call went to
 * @param setName the gateway set as the call log shows it
 * @param createdMillis wall-clock time the INVITE arrived
 * @param answeredMillis wall-clock time of the 2xx
 * @param intervalMillis how long the dialog lives without a refresh (the dialog lifetime, or the
 *     RFC 4028 session interval)
 * @param expiresAtMillis wall-clock time the proxy ends the dialog unless refreshed before
 * @param callerIdentity the caller's authenticated identity ({@code user@realm}, digest), or null
 */
public record DialogReplica(
    String callId,
    String callerTag,
    String calleeTag,
    int gatewaySet,
    String gatewayUri,
    Party caller,
    Party callee,
    String relayNode,
    String callerNetwork,
    String calleeNetwork,
    String setName,
    long createdMillis,
    long answeredMillis,
    long intervalMillis,
    long expiresAtMillis,
    String callerIdentity) {

  /**
   * One side of the dialog ({@link DialogState.Side}).
   *
   * @param tag its tag
   * @param address its From (caller) or To (callee) header value
   * @param target its Contact URI
   * @param routes Route values towards it, nearest to us first
   * @param network its network's name
   * @param fallback where a BYE goes when the next hop is a host name: {@code UDP/1.2.3.4:5060}, or
   *     null
   * @param cseq the highest CSeq it used
   */
  public record Party(
      String tag,
      String address,
      String target,
      List<String> routes,
      String network,
      String fallback,
      int cseq) {
    public Party {
      routes = List.copyOf(routes);
    }

    Party withCseq(int n) {
      return n == cseq ? this : new Party(tag, address, target, routes, network, fallback, n);
    }
  }

  public DialogReplica {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(calleeTag, "calleeTag");
    Objects.requireNonNull(gatewayUri, "gatewayUri");
  }

  /** The same dialog after an in-dialog request or a refresh's 2xx. */
  public DialogReplica refreshed(
      int callerCseq, int calleeCseq, long intervalMillis, long expiresAtMillis) {
    return new DialogReplica(
        callId,
        callerTag,
        calleeTag,
        gatewaySet,
        gatewayUri,
        caller == null ? null : caller.withCseq(callerCseq),
        callee == null ? null : callee.withCseq(calleeCseq),
        relayNode,
        callerNetwork,
        calleeNetwork,
        setName,
        createdMillis,
        answeredMillis,
        intervalMillis,
        expiresAtMillis,
        callerIdentity);
  }
}
