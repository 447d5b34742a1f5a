package io.isthmus.interop.hep;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A HEP collector for tests: a UDP socket on 127.0.0.1 that keeps every datagram with its arrival
 * time and source, and writes them as a pcap file (LINKTYPE_RAW: an IPv4 and a UDP header before
 * each datagram, as a capture on the collector's interface would show them) for tshark.
 */
final class HepCollector implements AutoCloseable {
  record Datagram(byte[] data, InetSocketAddress source, long epochMicros) {}

  private final DatagramSocket socket;
  private final Thread reader;
  private final List<Datagram> received = new ArrayList<>();

  HepCollector() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    reader = Thread.ofPlatform().daemon().name("hep-collector").start(this::read);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void read() {
    byte[] buf = new byte[65_535];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return; // closed
      }
      java.time.Instant now = java.time.Instant.now();
      synchronized (received) {
        received.add(
            new Datagram(
                Arrays.copyOf(p.getData(), p.getLength()),
                (InetSocketAddress) p.getSocketAddress(),
                now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
      }
    }
  }

  List<Datagram> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Writes what arrived so far as a pcap file. */
  void writePcap(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4); // magic, version 2.4
      header.putInt(0).putInt(0).putInt(65_535).putInt(101); // zone, sigfigs, snaplen, RAW
      out.write(header.array());
      InetSocketAddress to = address();
      for (Datagram d : received()) {
        byte[] ip = ipv4Udp(d.source(), to, d.data());
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record
            .putInt((int) (d.epochMicros() / 1_000_000))
            .putInt((int) (d.epochMicros() % 1_000_000));
        record.putInt(ip.length).putInt(ip.length);
        out.write(record.array());
        out.write(ip);
      }
    }
  }

  /** The datagram behind an IPv4 header (checksummed) and a UDP header (checksum 0: none). */
  private static byte[] ipv4Udp(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
    int total = 20 + 8 + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total); // network order
    b.put((byte) 0x45).put((byte) 0).putShort((short) total); // IPv4, IHL 5, length
    b.putShort((short) 0).putShort((short) 0x4000); // id, DF
    b.put((byte) 64).put((byte) 17).putShort((short) 0); // TTL, UDP, checksum (below)
    b.put(from.getAddress().getAddress()).put(to.getAddress().getAddress());
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += b.getShort(i) & 0xFFFF;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    b.putShort(10, (short) ~sum);
    b.putShort((short) from.getPort()).putShort((short) to.getPort());
    b.putShort((short) (8 + payload.length)).putShort((short) 0);
    b.put(payload);
    return b.array();
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
