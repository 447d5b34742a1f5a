package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.sip.message.SipMessage;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Sees every SIP message the transport receives (parsed, before any edit) and every message it
 * sends (as encoded for the wire): the hook of HEP capture. Both run inline on the thread that
 * received or sends, usually an event loop, so an implementation must not block, lock or allocate
 * per message, and must not keep or release the buffers it is shown.
 *
 * <p>Not shown: bytes that did not parse, and the transport's own 400/403 answers to them.
 */
public interface SipTap {

  /**
   * A message arrived on {@code flow}.
   *
   * @param local the address and port of the receiving socket or connection
   */
  void received(SipMessage message, Flow flow, InetSocketAddress local);

  /**
   * A message is about to leave from {@code socket}.
   *
   * @param wire its encoded bytes (readable bytes; not to be consumed)
   * @param local the address and port it leaves from (the connection's when known, for TCP)
   * @param destination where it goes
   */
  void sent(
      SipMessage message,
      ByteBuf wire,
      SocketSpec socket,
      InetSocketAddress local,
      InetSocketAddress destination);
}
