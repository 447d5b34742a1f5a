package io.isthmus.proxy.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworksTest {

  private static Network network(String name, String address, String subnet, String routesTo) {
    return new Network(
        name,
        List.of(SocketSpec.of(Transport.UDP, address, 5060)),
        name,
        List.of(Subnet.parse(subnet)),
        1,
        Optional.ofNullable(routesTo));
  }

  @Test
  void twoNetworksRouteToEachOther() {
    Networks n = TestNetworks.reference();
    Network pub = n.byName("public").orElseThrow();
    Network priv = n.byName("private").orElseThrow();
    assertThat(n.targetFor(pub)).isSameAs(priv);
    assertThat(n.targetFor(priv)).isSameAs(pub);
  }

  @Test
  void egressSocketIsTheTargetNetworksSocketForTheTransport() {
    Networks n = TestNetworks.reference();
    Network priv = n.byName("private").orElseThrow();
    assertThat(n.egressSocket(priv, Transport.UDP)).contains(priv.sockets().get(0));
    assertThat(n.egressSocket(priv, Transport.TCP)).contains(priv.sockets().get(1));
    assertThat(n.networkOf(priv.sockets().get(1))).containsSame(priv);
  }

  @Test
  void egressSocketIsEmptyWhenTheTargetHasNoSocketOfThatTransport() {
    Networks n = Networks.of(List.of(network("a", "127.0.1.1", "127.0.1.0/24", null)));
    assertThat(n.egressSocket(n.all().get(0), Transport.TCP)).isEmpty();
  }

  @Test
  void threeNetworksFollowTheirRoutesTo() {
    Networks n =
        Networks.of(
            List.of(
                network("public", "127.0.1.1", "127.0.1.0/24", "private"),
                network("private", "127.0.2.1", "127.0.2.0/24", "public"),
                network("lab", "127.0.3.1", "127.0.3.0/24", "private")));
    assertThat(n.targetFor(n.byName("lab").orElseThrow()).name()).isEqualTo("private");
    assertThat(n.targetFor(n.byName("private").orElseThrow()).name()).isEqualTo("public");
  }

  @Test
  void aLoneNetworkRoutesToItself() {
    Networks n = Networks.of(List.of(network("only", "127.0.1.1", "127.0.1.0/24", null)));
    assertThat(n.targetFor(n.all().get(0))).isSameAs(n.all().get(0));
  }

  @Test
  void refusesOverlappingSubnetsOfTwoNetworks() {
    assertThatThrownBy(
            () ->
                Networks.of(
                    List.of(
                        network("public", "127.0.1.1", "127.0.0.0/8", null),
                        network("private", "127.0.2.1", "127.0.2.0/24", null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subnet 127.0.2.0/24 of network 'private' overlaps subnet 127.0.0.0/8 of network"
                + " 'public'");
  }

  @Test
  void refusesADuplicateName() {
    assertThatThrownBy(
            () ->
                Networks.of(
                    List.of(
                        network("public", "127.0.1.1", "127.0.1.0/24", null),
                        network("public", "127.0.2.1", "127.0.2.0/24", null))))
        .hasMessage("network name 'public' is used twice");
  }

  @Test
  void refusesASocketClaimedByTwoNetworks() {
    assertThatThrownBy(
            () ->
                Networks.of(
                    List.of(
                        network("public", "127.0.1.1", "127.0.1.0/24", null),
                        network("private", "127.0.1.1", "127.0.2.0/24", null))))
        .hasMessage("socket udp:127.0.1.1:5060 is configured in networks 'public' and 'private'");
  }

  @Test
  void refusesThreeNetworksWithoutRoutesTo() {
    assertThatThrownBy(
            () ->
                Networks.of(
                    List.of(
                        network("public", "127.0.1.1", "127.0.1.0/24", "private"),
                        network("private", "127.0.2.1", "127.0.2.0/24", null),
                        network("lab", "127.0.3.1", "127.0.3.0/24", "private"))))
        .hasMessage(
            "network 'private' needs routes-to: with 3 networks the target network is not"
                + " implied");
  }

  @Test
  void refusesRoutesToAnUnknownNetwork() {
    assertThatThrownBy(
            () ->
                Networks.of(
                    List.of(
                        network("public", "127.0.1.1", "127.0.1.0/24", "privat"),
                        network("private", "127.0.2.1", "127.0.2.0/24", null))))
        .hasMessage("network 'public' routes to unknown network 'privat'");
  }

  @Test
  void refusesTwoSocketsOfOneTransportInANetwork() {
    assertThatThrownBy(
            () ->
                new Network(
                    "public",
                    List.of(
                        SocketSpec.of(Transport.UDP, "127.0.1.1", 5060),
                        SocketSpec.of(Transport.UDP, "127.0.1.1", 5070)),
                    "public",
                    List.of(Subnet.parse("127.0.1.0/24")),
                    1,
                    Optional.empty()))
        .hasMessage("network 'public' has more than one UDP socket");
  }

  @Test
  void refusesANetworkWithoutSourcesOrSockets() {
    assertThatThrownBy(
            () ->
                new Network("x", List.of(), "x", List.of(Subnet.parse("::1")), 1, Optional.empty()))
        .hasMessage("network 'x' has no SIP socket");
    assertThatThrownBy(
            () ->
                new Network(
                    "x",
                    List.of(SocketSpec.of(Transport.UDP, "::1", 5060)),
                    "x",
                    List.of(),
                    1,
                    Optional.empty()))
        .hasMessage("network 'x' has no source subnet");
  }

  @Test
  void refusesNoNetworkAtAll() {
    assertThatThrownBy(() -> Networks.of(List.of())).hasMessage("no network configured");
  }

  @Test
  void socketSpecPrintsTransportAddressAndPort() {
    assertThat(SocketSpec.of(Transport.TCP, "2001:db8::1", 5060))
        .hasToString("tcp:[2001:db8::1]:5060");
    assertThatThrownBy(() -> SocketSpec.of(Transport.UDP, "127.0.1.1", 65536))
        .hasMessage("port out of range 0..65535: 65536");
  }
}
