package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.TransactionTransport;
import io.isthmus.sip.message.SipRequest;
import java.util.concurrent.Executor;

/**
 * What a call, a forwarded request or a hang-up of one loop may use of its core: the same few
 * services for all, handed over once at construction, instead of reaching into the core's fields.
 *
 * @param config the proxy's settings (Max-Forwards, option tags, timers)
 * @param routing egress sockets and the networks
 * @param dispatcher gateway sets, plans, health, call load
 * @param media the relay's offer/answer/delete
 * @param loop runs continuations on the loop, inline when already there
 * @param transport stateless sends (ACK, a relayed stray 2xx)
 * @param branches starts client transactions whose outcome goes to a {@link BranchOwner}
 * @param answered the answered calls of the loop (call load, dialogs, media sessions)
 * @param events the call log and the admin list
 * @param counters drops by cause
 */
record CoreContext(
    ProxyConfig config,
    Routing routing,
    Dispatcher dispatcher,
    MediaControl media,
    Executor loop,
    TransactionTransport transport,
    Branches.Sender branches,
    AnsweredCalls answered,
    CallEvents events,
    SipCounters counters) {

  /** Sends {@code request} on a new client transaction whose outcome goes to {@code owner}. */
  ClientTransaction send(SipRequest request, Hop hop, BranchOwner owner) {
    return branches.send(request, hop, owner);
  }

  /** A new media session of a call on this loop. */
  MediaSession newMediaSession(String callId) {
    return new MediaSession(media, loop, callId);
  }

  /**
   * The media session of the dialog between {@code tagA} and {@code tagB}: the answered call's own,
   * else one adopted for a call set up elsewhere (see {@link MediaSession#adopted}).
   */
  MediaSession dialogMedia(String callId, String tagA, String tagB) {
    MediaSession s = answered.session(callId, tagA, tagB);
    return s != null ? s : MediaSession.adopted(media, loop, callId);
  }

  /** {@code host:port} of a socket, for Warning headers. */
  static String agent(LocalSockets.Local in) {
    return in.host() + ":" + in.bound().getPort();
  }
}
