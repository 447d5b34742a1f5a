package io.isthmus.proxy.core;

/**
 * A call as the proxy sees it, for the admin API's call list: a snapshot taken on the call's loop.
 *
 * @param callId the Call-ID
 * @param callerTag the caller's From tag
 * @param calleeTag the callee's To tag once answered, else null
 * @param callerNetwork the network the INVITE came from
 * @param calleeNetwork the network the call goes to
 * @param gatewaySet the dispatcher set of the callee's network
 * @param gateway the gateway of the current (or answering) attempt, null before the first one
 * @param state {@code setting-up} until a 2xx, then {@code answered}
 * @param createdEpochMillis wall-clock time the INVITE arrived
 * @param answeredEpochMillis wall-clock time of the 2xx, 0 before
 * @param callerIdentity {@code user@realm} when the caller authenticated (digest), else null
 */
public record ProxyCall(
    String callId,
    String callerTag,
    String calleeTag,
    String callerNetwork,
    String calleeNetwork,
    String gatewaySet,
    String gateway,
    String state,
    long createdEpochMillis,
    long answeredEpochMillis,
    String callerIdentity) {

  public static final String SETTING_UP = "setting-up";
  public static final String ANSWERED = "answered";
}
