package io.isthmus.bench.relayload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The parties' UDP sockets: the callers on the public network (127.0.1.100) and the callees on the
 * private one (127.0.2.100).
 *
 * <p>By default every party has its own socket, as real phones and gateways do, and each socket is
 * connected to the relay port it talks to (so a send names no address and a receive builds none).
 * With {@code sharedSockets > 0} the calls share that many sockets per side round robin; the relay
 * still sees one stream per call (its own ports differ), which takes the generator's cost down when
 * it, not the relay, is the limit.
 */
final class Parties implements AutoCloseable {
  private static final InetAddress PUBLIC_PARTY = InetAddress.ofLiteral("127.0.1.100");
  private static final InetAddress PRIVATE_PARTY = InetAddress.ofLiteral("127.0.2.100");
  private static final int SHARED_BUFFER = 1 << 20;

  private final DatagramChannel[] publicSide;
  private final DatagramChannel[] privateSide;
  private final boolean shared;
  private InetSocketAddress[] relayForPublic;
  private InetSocketAddress[] relayForPrivate;

  private Parties(DatagramChannel[] publicSide, DatagramChannel[] privateSide, boolean shared) {
    this.publicSide = publicSide;
    this.privateSide = privateSide;
    this.shared = shared;
  }

  /** Opens the sockets for {@code calls} calls, one per party or {@code sharedSockets} per side. */
  static Parties open(int calls, int sharedSockets) throws IOException {
    int perSide = sharedSockets > 0 ? Math.min(sharedSockets, calls) : calls;
    var parties =
        new Parties(new DatagramChannel[perSide], new DatagramChannel[perSide], sharedSockets > 0);
    try {
      for (int i = 0; i < perSide; i++) {
        parties.publicSide[i] = bind(PUBLIC_PARTY, parties.shared);
        parties.privateSide[i] = bind(PRIVATE_PARTY, parties.shared);
      }
    } catch (IOException | RuntimeException e) {
      parties.close();
      throw e;
    }
    return parties;
  }

  private static DatagramChannel bind(InetAddress address, boolean shared) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      if (shared) {
        // Many calls per socket: room for a burst of a whole tick (capped by net.core.rmem_max).
        ch.setOption(StandardSocketOptions.SO_RCVBUF, SHARED_BUFFER);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, SHARED_BUFFER);
      }
      ch.bind(new InetSocketAddress(address, 0));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  List<InetSocketAddress> publicAddresses(int calls) throws IOException {
    return addresses(publicSide, calls);
  }

  List<InetSocketAddress> privateAddresses(int calls) throws IOException {
    return addresses(privateSide, calls);
  }

  private static List<InetSocketAddress> addresses(DatagramChannel[] side, int calls)
      throws IOException {
    List<InetSocketAddress> out = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      out.add((InetSocketAddress) side[i % side.length].getLocalAddress());
    }
    return out;
  }

  /** Learns where each party sends; own sockets are connected to their relay port. */
  void target(List<CallLeg> legs) throws IOException {
    relayForPublic = new InetSocketAddress[legs.size()];
    relayForPrivate = new InetSocketAddress[legs.size()];
    for (int i = 0; i < legs.size(); i++) {
      relayForPublic[i] = legs.get(i).relayForPublic();
      relayForPrivate[i] = legs.get(i).relayForPrivate();
      if (!shared) {
        publicSide[i].connect(relayForPublic[i]);
        privateSide[i].connect(relayForPrivate[i]);
      }
    }
  }

  /**
   * Sends {@code packet} from the party of {@code call} on the side {@code direction} sends from.
   * Returns false when the socket buffer was full (the datagram was not sent).
   */
  boolean send(int call, int direction, ByteBuffer packet) throws IOException {
    if (direction == RtpProbe.PUBLIC_TO_PRIVATE) {
      DatagramChannel ch = publicSide[call % publicSide.length];
      return (shared ? ch.send(packet, relayForPublic[call]) : ch.write(packet)) > 0;
    }
    DatagramChannel ch = privateSide[call % privateSide.length];
    return (shared ? ch.send(packet, relayForPrivate[call]) : ch.write(packet)) > 0;
  }

  boolean shared() {
    return shared;
  }

  /** Every socket, for the receiver's selector. */
  List<DatagramChannel> all() {
    List<DatagramChannel> out = new ArrayList<>(publicSide.length * 2);
    out.addAll(List.of(publicSide));
    out.addAll(List.of(privateSide));
    return out;
  }

  @Override
  public void close() {
    for (DatagramChannel[] side : new DatagramChannel[][] {publicSide, privateSide}) {
      for (DatagramChannel ch : side) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // closing a UDP socket cannot lose anything
          }
        }
      }
    }
  }
}
