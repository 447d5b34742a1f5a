package io.isthmus.hep;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hep3Test {
  private static final byte[] NO_KEY = new byte[0];

  @Test
  void writesEveryChunkOfTheSpecificationInNetworkOrder() {
    InetAddress src = InetAddress.ofLiteral("127.0.1.100");
    InetAddress dst = InetAddress.ofLiteral("127.0.1.1");
    byte[] sip = "OPTIONS sip:a SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] key = "secret".getBytes(StandardCharsets.US_ASCII);
    int head = Hep3.headLength(src, dst, "call-1@x", key);
    int total = Hep3.packetLength(head, sip.length);
    ByteBuf out = Unpooled.buffer(total);
    Hep3.writeHead(
        out,
        total,
        Hep3.TYPE_SIP,
        Hep3.UDP,
        src,
        5070,
        dst,
        5060,
        1_765_000_000_123_456L,
        2001,
        key,
        "call-1@x");
    assertThat(out.writerIndex()).isEqualTo(head + 6);
    out.writeBytes(sip);
    byte[] packet = new byte[out.readableBytes()];
    out.getBytes(0, packet);

    Map<Integer, byte[]> c = HepDecoder.chunks(packet, packet.length);
    assertThat(c.keySet()).containsExactly(1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 14, 17, 15);
    assertThat(HepDecoder.number(c.get(1))).isEqualTo(2); // AF_INET
    assertThat(HepDecoder.number(c.get(2))).isEqualTo(17); // UDP
    assertThat(c.get(3)).containsExactly(127, 0, 1, 100);
    assertThat(c.get(4)).containsExactly(127, 0, 1, 1);
    assertThat(HepDecoder.number(c.get(7))).isEqualTo(5070);
    assertThat(HepDecoder.number(c.get(8))).isEqualTo(5060);
    assertThat(HepDecoder.number(c.get(9))).isEqualTo(1_765_000_000L);
    assertThat(HepDecoder.number(c.get(10))).isEqualTo(123_456L);
    assertThat(HepDecoder.number(c.get(11))).isEqualTo(1);
    assertThat(HepDecoder.number(c.get(12))).isEqualTo(2001);
    assertThat(new String(c.get(14), StandardCharsets.US_ASCII)).isEqualTo("secret");
    assertThat(new String(c.get(17), StandardCharsets.US_ASCII)).isEqualTo("call-1@x");
    assertThat(c.get(15)).isEqualTo(sip);
  }

  @Test
  void ipv6AddressesUseTheirOwnChunksAndNoKeyOrCorrelationIsLeftOut() {
    InetAddress src = InetAddress.ofLiteral("::1");
    InetAddress dst = InetAddress.ofLiteral("fd00::5");
    int head = Hep3.headLength(src, dst, null, NO_KEY);
    int total = Hep3.packetLength(head, 3);
    ByteBuf out = Unpooled.buffer(total);
    Hep3.writeHead(out, total, Hep3.TYPE_LOG, Hep3.TCP, src, 1, dst, 2, 0, 7, NO_KEY, null);
    out.writeBytes(new byte[] {'a', 'b', 'c'});
    byte[] packet = new byte[out.readableBytes()];
    out.getBytes(0, packet);

    Map<Integer, byte[]> c = HepDecoder.chunks(packet, packet.length);
    assertThat(c.keySet()).containsExactly(1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 15);
    assertThat(HepDecoder.number(c.get(1))).isEqualTo(10); // AF_INET6
    assertThat(HepDecoder.number(c.get(2))).isEqualTo(6); // TCP
    assertThat(c.get(5)).isEqualTo(src.getAddress());
    assertThat(c.get(6)).isEqualTo(dst.getAddress());
    assertThat(HepDecoder.number(c.get(11))).isEqualTo(100);
  }

  @Test
  void anIpv4AddressHashIsItsAddress() {
    // Hep3 writes Inet4Address.hashCode() to avoid getAddress()'s copy: this is what it relies on.
    for (String a : new String[] {"127.0.1.1", "10.255.0.7", "192.0.2.200", "255.255.255.255"}) {
      InetAddress ip = InetAddress.ofLiteral(a);
      byte[] b = ip.getAddress();
      int expected = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
      assertThat(ip.hashCode()).as(a).isEqualTo(expected);
    }
  }

  @Test
  void correlationIdsAreUtf8() {
    String id = "caf\u00e9-\u20ac-\ud83d\ude00@x";
    byte[] expected = id.getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.length(id)).isEqualTo(expected.length);
    ByteBuf out = Unpooled.buffer();
    Utf8.write(out, id);
    byte[] got = new byte[out.readableBytes()];
    out.getBytes(0, got);
    assertThat(got).isEqualTo(expected);
  }
}
