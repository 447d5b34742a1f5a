package io.isthmus.interop.proxy;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.Templates;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import java.nio.file.Path;
import java.util.Map;

/**
 * Isthmus as {@code isthmus run} assembles it ({@link Product}), in this JVM, from {@code
 * proxy/isthmus.yaml.template}: the proxy on 127.0.1.1 and 127.0.2.1, gateways on 127.0.x.11/12,
 * and the relay either in process or the Debian rtpengine over NG.
 */
final class IsthmusUnderTest implements AutoCloseable {
  private final Product product;

  private IsthmusUnderTest(Product product) {
    this.product = product;
  }

  /** How the proxy reaches its relay. */
  enum Relay {
    /** {@code relay.control: in-process}: the Isthmus relay, offers and answers as calls. */
    IN_PROCESS(
        "  control: in-process\n"
            + "  listen-ng: 127.0.0.1:"
            + ProxyInterop.ISTHMUS_NG
            + "\n  port-min: "
            + ProxyInterop.ISTHMUS_PORT_MIN
            + "\n  port-max: "
            + ProxyInterop.ISTHMUS_PORT_MAX),
    /** {@code relay.control: ng}: the Debian rtpengine the test started, over NG. */
    RTPENGINE("  control: ng\n  nodes: [{address: 127.0.0.1:" + ProxyInterop.RTPENGINE_NG + "}]");

    private final String yaml;

    Relay(String yaml) {
      this.yaml = yaml;
    }
  }

  /** Writes the config into {@code dir} and starts proxy (and relay) from it. */
  static IsthmusUnderTest start(Path dir, Relay relay, String probeInterval) throws Exception {
    Path file =
        Templates.write(
            "proxy/isthmus.yaml.template",
            Map.of(
                "SIP_PORT",
                Integer.toString(ProxyInterop.PROXY_SIP),
                "GATEWAY_PORT",
                Integer.toString(ProxyInterop.GATEWAY_SIP),
                "PROBE_INTERVAL",
                probeInterval,
                "RELAY",
                relay.yaml),
            dir.resolve("isthmus.yaml"));
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v ->
          new IsthmusUnderTest(Product.start(v.config(), Product.Roles.PROXY_AND_RELAY));
      case ConfigResult.Invalid i -> throw new AssertionError("test config refused: " + i.errors());
    };
  }

  /** The dispatcher's view of the gateway at {@code address}. */
  GatewayStatus gateway(String address) {
    return product.dispatcher().status().stream()
        .filter(s -> s.gateway().uri().host().equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gateway " + address));
  }

  /** Calls the in-process relay holds (0 with an external relay). */
  int relayCalls() {
    return product.relay() == null ? 0 : product.relay().callCount();
  }

  @Override
  public void close() {
    product.close();
  }
}
