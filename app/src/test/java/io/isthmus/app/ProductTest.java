package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProductTest {

  private static IsthmusConfig config() throws Exception {
    Path file = Path.of(ProductTest.class.getResource("/wiring/product-test.yaml").toURI());
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
    };
  }

  private static String exchange(InetSocketAddress from, InetSocketAddress to, String message)
      throws Exception {
    try (DatagramSocket s = new DatagramSocket(from)) {
      s.setSoTimeout(5000);
      byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(bytes, bytes.length, to));
      byte[] buf = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buf, buf.length);
      s.receive(reply);
      return new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void startsProxyAndRelayFromOneConfigAndStopsThemAll() throws Exception {
    InetAddress caller = InetAddress.getByName("127.0.1.100");
    try (Product product = Product.start(config(), Product.Roles.PROXY_AND_RELAY)) {
      String options =
          exchange(
              new InetSocketAddress(caller, 0),
              new InetSocketAddress("127.0.1.1", 26060),
              "OPTIONS sip:127.0.1.1:26060 SIP/2.0\r\n"
                  + "Via: SIP/2.0/UDP 127.0.1.100:5099;branch=z9hG4bK-product-1;rport\r\n"
                  + "Max-Forwards: 70\r\n"
                  + "From: <sip:probe@127.0.1.100>;tag=p1\r\n"
                  + "To: <sip:127.0.1.1:26060>\r\n"
                  + "Call-ID: product-test-1\r\n"
                  + "CSeq: 1 OPTIONS\r\n"
                  + "Content-Length: 0\r\n\r\n");
      assertThat(options).startsWith("SIP/2.0 200 ");

      String pong =
          exchange(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              new InetSocketAddress("127.0.0.1", 26222),
              "c1 d7:command4:pinge");
      assertThat(pong).isEqualTo("c1 d6:result4:ponge");
      assertThat(product.relay()).isNotNull();
    }
    // Everything is closed: the SIP port can be bound again.
    try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.1.1", 26060))) {
      assertThat(again.getLocalPort()).isEqualTo(26060);
    }
  }

  @Test
  void proxyAloneRefusesAnInProcessRelayConfigAndLeavesNothingOpen() throws Exception {
    IsthmusConfig config = config();
    try {
      Product.start(config, Product.Roles.PROXY).close();
      throw new AssertionError("expected a refusal");
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageContaining("relay.control is in-process");
    }
    try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", 26222))) {
      assertThat(again.getLocalPort()).isEqualTo(26222);
    }
  }
}
