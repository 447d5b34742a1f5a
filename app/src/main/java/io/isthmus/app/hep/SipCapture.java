package io.isthmus.app.hep;

import io.isthmus.hep.Hep3;
import io.isthmus.hep.HepSender;
import io.isthmus.hep.Payload;
import io.isthmus.hep.Sampling;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.proxy.transport.SipTap;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The proxy's {@link SipTap} for HEP: each message received or sent on a socket of a captured
 * network, of a sampled Call-ID, goes to the collector as a HEP SIP packet with both transport
 * addresses and the Call-ID as correlation id. Received messages are captured as they arrived
 * (before the proxy stamps their Via), sent ones as they left. Per message: two map lookups by
 * identity, the sampling hash (cached in the Call-ID string) and {@link HepSender#capture}.
 */
public final class SipCapture implements SipTap {
  /**
   * A message, written out as the transport encodes it ({@link SipMessage#writeTo(byte[], int)},
   * the serializer the transport uses too): a copy from the message's arrays, no allocation.
   */
  private static final Payload<SipMessage> MESSAGE =
      new Payload<>() {
        @Override
        public int length(SipMessage m) {
          return m.size();
        }

        @Override
        public void write(SipMessage m, byte[] dst, int off) {
          m.writeTo(dst, off);
        }
      };

  private final HepSender hep;
  private final Sampling sampling;
  private final Map<SocketSpec, Boolean> captured = new IdentityHashMap<>();

  /** Captures on the sockets of the networks {@code captures} accepts (by name). */
  public SipCapture(
      HepSender hep, Sampling sampling, Networks networks, Predicate<String> captures) {
    this.hep = hep;
    this.sampling = sampling;
    for (Network n : networks.all()) {
      for (SocketSpec s : n.sockets()) {
        captured.put(s, captures.test(n.name()));
      }
    }
  }

  @Override
  public void received(SipMessage message, Flow flow, InetSocketAddress local) {
    if (!captured.getOrDefault(flow.local(), Boolean.FALSE)) {
      return;
    }
    String callId = sampledCallId(message);
    if (callId == null || local == null) {
      return;
    }
    InetSocketAddress remote = flow.remote();
    hep.capture(
        Hep3.TYPE_SIP,
        protocol(flow.transport()),
        remote.getAddress(),
        remote.getPort(),
        local.getAddress(),
        local.getPort(),
        callId,
        message,
        MESSAGE);
  }

  @Override
  public void sent(
      SipMessage message,
      ByteBuf wire,
      SocketSpec socket,
      InetSocketAddress local,
      InetSocketAddress destination) {
    if (!captured.getOrDefault(socket, Boolean.FALSE)) {
      return;
    }
    String callId = sampledCallId(message);
    if (callId == null) {
      return;
    }
    hep.capture(
        Hep3.TYPE_SIP,
        protocol(socket.transport()),
        local.getAddress(),
        local.getPort(),
        destination.getAddress(),
        destination.getPort(),
        callId,
        message,
        MESSAGE); // the same bytes as the wire buffer, copied from the message's arrays: a
    // direct buffer's getBytes would cost Netty a ByteBuffer view per message
  }

  /** The Call-ID when the call is sampled; null when not, or when the message has none. */
  private String sampledCallId(SipMessage message) {
    String callId;
    try {
      callId = message.callId();
    } catch (SipParseException e) {
      return null; // the proxy answers or drops it; without a Call-ID Homer could not place it
    }
    return sampling.sampled(callId) ? callId : null;
  }

  private static int protocol(Transport t) {
    return t == Transport.UDP ? Hep3.UDP : Hep3.TCP;
  }
}
