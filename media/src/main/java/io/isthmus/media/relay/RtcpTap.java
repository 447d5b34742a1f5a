package io.isthmus.media.relay;

import io.isthmus.media.net.LogicalInterface;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Sees every RTCP packet a party sends through the relay (plain: after SRTCP is removed), once the
 * latch accepted its source: the hook of HEP capture of RTCP reports. Runs inline on the call's
 * event loop, between receive and forward: it must not block, and must neither keep nor release the
 * buffer (read {@code len} bytes at {@code off}, leave the indexes).
 */
@FunctionalInterface
public interface RtcpTap {

  /**
   * @param callId the call
   * @param iface the relay interface the packet arrived on (the party's network)
   * @param source the party's address and port
   * @param localPort the relay port it was sent to, on {@code iface}'s local address
   */
  void rtcp(
      String callId,
      LogicalInterface iface,
      ByteBuf buf,
      int off,
      int len,
      InetSocketAddress source,
      int localPort);
}
