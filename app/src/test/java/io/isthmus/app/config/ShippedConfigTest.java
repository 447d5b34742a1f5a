package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.proxy.dispatcher.Algorithm;
import io.isthmus.proxy.dispatcher.DispatcherList;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configs shipped in {@code config/} load, and describe the reference scenario. */
class ShippedConfigTest {
  static final Path SHIPPED = Path.of("../config");

  static IsthmusConfig load(String name) {
    ConfigResult result = ConfigLoader.load(SHIPPED.resolve(name));
    assertThat(result).isInstanceOf(ConfigResult.Valid.class);
    return ((ConfigResult.Valid) result).config();
  }

  @Test
  void referenceConfigDescribesBothCallPaths() {
    assertThat(CallPaths.describe(load("isthmus.yaml")))
        .containsExactly(
            "calls from public (127.0.1.0/24) go to set 2 on private via 127.0.2.1, media"
                + " public<->private",
            "calls from private (127.0.2.0/24) go to set 1 on public via 127.0.1.1, media"
                + " private<->public");
  }

  @Test
  void referenceConfigBuildsTheProxyNetworks() {
    Networks networks = load("isthmus.yaml").proxyNetworks();

    Network pub = networks.byName("public").orElseThrow();
    Network priv = networks.byName("private").orElseThrow();
    assertThat(pub.sockets())
        .containsExactly(
            SocketSpec.of(Transport.UDP, "127.0.1.1", 5060),
            SocketSpec.of(Transport.TCP, "127.0.1.1", 5060));
    assertThat(pub.sources()).containsExactly(Subnet.parse("127.0.1.0/24"));
    assertThat(pub.mediaInterface()).isEqualTo("public");
    assertThat(pub.gatewaySet()).isEqualTo(1);
    assertThat(priv.sockets())
        .containsExactly(
            SocketSpec.of(Transport.UDP, "127.0.2.1", 5060),
            SocketSpec.of(Transport.TCP, "127.0.2.1", 5060));
    assertThat(priv.gatewaySet()).isEqualTo(2);
    assertThat(networks.targetFor(pub)).isSameAs(priv);
    assertThat(networks.targetFor(priv)).isSameAs(pub);
  }

  @Test
  void referenceConfigBuildsTheRelayAndItsControl() {
    IsthmusConfig config = load("isthmus.yaml");

    RelayConfig relay = config.relayConfig();
    assertThat(relay.interfaces())
        .extracting(LogicalInterface::toSpec)
        .containsExactly("public/127.0.1.1", "private/127.0.2.1");
    assertThat(relay.portMin()).isEqualTo(30000);
    assertThat(relay.portMax()).isEqualTo(39999);
    assertThat(relay.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(relay.finalTimeout()).isZero();
    assertThat(config.relay().control()).isEqualTo(RelayConfigSection.Control.IN_PROCESS);
    assertThat(config.relay().ngServerConfig().bind())
        .isEqualTo(new InetSocketAddress("127.0.0.1", 22222));
    assertThat(config.relay().controlConfig().deleteDelay()).isZero();
    assertThat(config.ngClientConfigs()).isEmpty();
    assertThat(config.admin().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
  }

  @Test
  void referenceConfigBuildsTheDispatcherAndTimers() {
    IsthmusConfig config = load("isthmus.yaml");

    assertThat(gateways(config.dispatcher().gateways(), 1))
        .containsExactlyInAnyOrder("sip:127.0.1.11:5060", "sip:127.0.1.12:5060");
    assertThat(gateways(config.dispatcher().gateways(), 2))
        .containsExactlyInAnyOrder("sip:127.0.2.11:5060", "sip:127.0.2.12:5060");
    assertThat(config.dispatcher().settings().defaultAlgorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(config.dispatcher().settings().failoverStatuses().contains(503)).isTrue();
    assertThat(config.dispatcher().settings().failoverStatuses().contains(486)).isFalse();
    assertThat(config.dispatcher().probing().probeSettings().interval())
        .isEqualTo(Duration.ofSeconds(10));
    // a gateway that is down is probed every 500 ms: back in service within a second
    assertThat(config.dispatcher().probing().probeSettings().downInterval())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(config.transactionConfig().inviteNoResponse()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.transactionConfig().t1()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void listFileConfigReadsTheSameGatewaysFromDispatcherList() {
    IsthmusConfig inline = load("isthmus.yaml");
    IsthmusConfig listFile = load("isthmus-listfile.yaml");

    assertThat(listFile.dispatcher().listFile())
        .hasValueSatisfying(p -> assertThat(p.getFileName()).hasToString("dispatcher.list"));
    for (int set : List.of(1, 2)) {
      assertThat(gateways(listFile.dispatcher().gateways(), set))
          .isEqualTo(gateways(inline.dispatcher().gateways(), set));
    }
    assertThat(listFile.dispatcher().algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(CallPaths.describe(listFile)).isEqualTo(CallPaths.describe(inline));
  }

  private static List<String> gateways(DispatcherList list, int set) {
    return list.set(set).gateways().stream().map(Gateway::uri).map(Object::toString).toList();
  }
}
