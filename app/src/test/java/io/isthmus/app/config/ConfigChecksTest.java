package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.Algorithm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks across keys and sections, and the defaults, on small inline configs. */
class ConfigChecksTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  /** Two networks and their sets; {@code extra} is appended as more top-level YAML. */
  static String twoNetworks(String publicAddress, String privateAddress, String extra) {
    return """
        networks:
          public:
            sip: [{address: %s}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: %s}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11]
            2: [sip:127.0.2.11]
        """
            .formatted(publicAddress, privateAddress)
        + extra;
  }

  private List<String> errors(String yaml) {
    ConfigResult result = loader.parse("t.yaml", yaml, Path.of("."));
    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
  }

  private IsthmusConfig valid(String yaml) {
    ConfigResult result = loader.parse("t.yaml", yaml, Path.of("."));
    if (result instanceof ConfigResult.Invalid invalid) {
      throw new AssertionError("expected a valid config, got " + invalid.errors());
    }
    return ((ConfigResult.Valid) result).config();
  }

  @Test
  void minimalConfigTakesEveryDefault() {
    IsthmusConfig c = valid(twoNetworks("127.0.1.1", "127.0.2.1", ""));

    assertThat(c.relay()).isEqualTo(RelayConfigSection.DEFAULTS);
    assertThat(c.sip()).isEqualTo(SipConfig.DEFAULTS);
    assertThat(c.admin()).isEqualTo(AdminConfig.DEFAULTS);
    assertThat(c.logging()).isEqualTo(LoggingConfig.DEFAULTS);
    assertThat(c.dispatcher().algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(c.dispatcher().probing()).isEqualTo(ProbingConfig.DEFAULTS);
    assertThat(c.network("public").orElseThrow().sockets()).hasSize(2);
  }

  @Test
  void ngListenOnASipUdpSocketIsADuplicate() {
    assertThat(
            errors(twoNetworks("127.0.1.1", "127.0.2.1", "relay:\n  listen-ng: 127.0.1.1:5060\n")))
        .containsExactly(
            "t.yaml:17: relay.listen-ng: udp 127.0.1.1:5060 is also bound by"
                + " networks.public.sip[0].address (line 3) (expected each address, port and"
                + " transport once)");
  }

  @Test
  void wildcardSocketClashesWithASpecificOneOnTheSamePort() {
    assertThat(errors(twoNetworks("0.0.0.0", "127.0.2.1", "")))
        .containsExactly(
            "t.yaml:8: networks.private.sip[0].address: udp 127.0.2.1:5060 is also bound by"
                + " networks.public.sip[0].address (line 3) (expected each address, port and"
                + " transport once)");
  }

  @Test
  void adminOnASipTcpSocketIsADuplicate() {
    assertThat(errors(twoNetworks("127.0.1.1", "127.0.2.1", "admin:\n  listen: 127.0.2.1:5060\n")))
        .containsExactly(
            "t.yaml:17: admin.listen: tcp 127.0.2.1:5060 is also bound by"
                + " networks.private.sip[0].address (line 8) (expected each address, port and"
                + " transport once)");
  }

  @Test
  void gatewayOutsideTheSourcesOfTheNetworkItServesIsRefused() {
    String yaml =
        twoNetworks("127.0.1.1", "127.0.2.1", "").replace("sip:127.0.2.11", "sip:127.0.9.11");
    assertThat(errors(yaml))
        .containsExactly(
            "t.yaml:11: networks.private.gateway-set: gateway sip:127.0.9.11 of set 2 is outside"
                + " the sources of network 'private' (127.0.2.0/24) (expected the gateways serving"
                + " a network inside its sources: their requests would be refused)");
  }

  @Test
  void threeNetworksNeedRoutesTo() {
    String third =
        twoNetworks("127.0.1.1", "127.0.2.1", "")
            .replace(
                "dispatcher:",
                """
                  lab:
                    sip: [{address: 127.0.3.1}]
                    media: 127.0.3.1
                    sources: [127.0.3.0/24]
                    gateway-set: 3
                dispatcher:""")
            .replace("2: [sip:127.0.2.11]\n", "2: [sip:127.0.2.11]\n    3: [sip:127.0.3.11]\n");
    assertThat(errors(third))
        .containsExactly(
            "t.yaml:2: networks.public.routes-to: missing (expected the network calls from"
                + " 'public' go to: with 3 networks it is not implied)",
            "t.yaml:7: networks.private.routes-to: missing (expected the network calls from"
                + " 'private' go to: with 3 networks it is not implied)",
            "t.yaml:12: networks.lab.routes-to: missing (expected the network calls from 'lab' go"
                + " to: with 3 networks it is not implied)");

    String routed =
        third
            .replace(
                "gateway-set: 1\n  private", "gateway-set: 1\n    routes-to: private\n  private")
            .replace("gateway-set: 2\n", "gateway-set: 2\n    routes-to: public\n")
            .replace(
                "[127.0.3.0/24]\n    gateway-set: 3",
                "[127.0.3.0/24]\n    gateway-set: 3\n    routes-to: privat");
    assertThat(errors(routed))
        .containsExactly(
            "t.yaml:19: networks.lab.routes-to: 'privat' is not a network (expected one of:"
                + " public, private, lab)");

    IsthmusConfig ok = valid(routed.replace("routes-to: privat\n", "routes-to: private\n"));
    assertThat(CallPaths.describe(ok))
        .containsExactly(
            "calls from public (127.0.1.0/24) go to set 2 on private via 127.0.2.1, media"
                + " public<->private",
            "calls from private (127.0.2.0/24) go to set 1 on public via 127.0.1.1, media"
                + " private<->public",
            "calls from lab (127.0.3.0/24) go to set 2 on private via 127.0.2.1, media"
                + " lab<->private");
  }

  @Test
  void bareMediaAddressIsNamedAfterItsNetwork() {
    IsthmusConfig c =
        valid(
            twoNetworks("127.0.1.1", "127.0.2.1", "")
                .replace("media: public/127.0.1.1", "media: 127.0.1.1!192.0.2.10"));
    assertThat(c.network("public").orElseThrow().media().toSpec())
        .isEqualTo("public/127.0.1.1!192.0.2.10");
  }

  @Test
  void ngControlNeedsNodesAndDoesNotRequireLocalMediaAddresses() {
    String remoteMedia =
        twoNetworks("127.0.1.1", "127.0.2.1", "")
            .replace("public/127.0.1.1", "public/192.0.2.1")
            .replace("private/127.0.2.1", "private/198.51.100.1");
    assertThat(errors(remoteMedia + "relay:\n  control: ng\n"))
        .containsExactly(
            "t.yaml:16: relay.nodes: missing (expected the NG relays to drive with control: ng)");

    IsthmusConfig c =
        valid(
            remoteMedia
                + "relay:\n  control: ng\n  nodes:\n    - address: 127.0.0.1:22222\n"
                + "    - {address: '[::1]:2223', weight: 3}\n  ng-timeout: 500ms\n");
    assertThat(c.relay().nodes())
        .containsExactly(
            new RelayNode(new InetSocketAddress("127.0.0.1", 22222), 1),
            new RelayNode(new InetSocketAddress("::1", 2223), 3));
    assertThat(c.ngClientConfigs().get(1).node()).isEqualTo(new InetSocketAddress("::1", 2223));
    assertThat(c.ngClientConfigs().get(1).timeout()).hasMillis(500);
    assertThat(c.ngClientConfigs().get(1).retries()).isEqualTo(5);
  }

  @Test
  void nodeChecksAndTheDialogLifetimeAreReadWithTheirDefaults() {
    String remoteMedia =
        twoNetworks("127.0.1.1", "127.0.2.1", "")
            .replace("public/127.0.1.1", "public/192.0.2.1")
            .replace("private/127.0.2.1", "private/198.51.100.1");
    String ng = "relay:\n  control: ng\n  nodes:\n    - address: 127.0.0.1:22222\n";
    IsthmusConfig d = valid(remoteMedia + ng);
    assertThat(d.relay().nodeChecks())
        .isEqualTo(
            new io.isthmus.proxy.media.NodeChecks(
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(50),
                java.time.Duration.ofSeconds(10)));
    assertThat(d.sip().dialogLifetime()).hasHours(12);

    IsthmusConfig c =
        valid(
            remoteMedia
                + ng
                + "  ng-timeout: 300ms\n  probe-interval: 20ms\n  reconcile-interval: 0s\n"
                + "sip:\n  dialog-lifetime: 2h\n");
    assertThat(c.relay().nodeChecks())
        .isEqualTo(
            new io.isthmus.proxy.media.NodeChecks(
                java.time.Duration.ofMillis(300),
                java.time.Duration.ofMillis(20),
                java.time.Duration.ZERO));
    assertThat(c.sip().dialogLifetime()).hasHours(2);

    assertThat(errors(remoteMedia + ng + "  probe-interval: 0s\n"))
        .singleElement()
        .asString()
        .contains("relay.probe-interval");
    assertThat(errors(remoteMedia + ng + "sip:\n  dialog-lifetime: 0s\n"))
        .singleElement()
        .asString()
        .contains("sip.dialog-lifetime");
  }

  @Test
  void nodesWithInProcessControlAreRefused() {
    assertThat(
            errors(
                twoNetworks(
                    "127.0.1.1", "127.0.2.1", "relay:\n  nodes: [{address: 127.0.0.1:22222}]\n")))
        .containsExactly(
            "t.yaml:17: relay.nodes: given with control: in-process (expected control: ng to drive"
                + " external relays, or no nodes)");
  }

  @Test
  void interfacesSharingAnAddressShareItsPortRange() {
    String shared =
        twoNetworks("127.0.1.1", "127.0.2.1", "relay:\n  port-max: 30999\n  max-sessions: 250\n")
            .replace("private/127.0.2.1", "private/127.0.1.1");
    // 250 sessions x 1 stream x 2 ports x 2 sides = 1000 ports: exactly the range.
    valid(shared);
    assertThat(errors(shared.replace("max-sessions: 250", "max-sessions: 251")))
        .containsExactly(
            "t.yaml:18: relay.max-sessions: 251 sessions need 1004 ports on 127.0.1.1 but"
                + " port-min 30000 to port-max 30999 holds 1000 (each session needs 2 ports, RTP"
                + " and RTCP, per stream per side: 251 sessions x 1 stream(s) x 2 ports x 2"
                + " side(s) on this address = 1004; expected max-sessions at most 250 or a wider"
                + " port range)");
  }

  @Test
  void relayLoadLimitsReachTheCommandLayerWithRtpenginesMeaning() {
    IsthmusConfig c =
        valid(
            twoNetworks(
                "127.0.1.1",
                "127.0.2.1",
                "relay:\n  max-sessions: 100\n  max-load: 3.5\n  max-cpu: 90\n"
                    + "  max-bandwidth: 12500000\n"));
    assertThat(c.relay().controlConfig().limits())
        .isEqualTo(new io.isthmus.media.control.LoadLimits(100, 3.5, 90, 12_500_000));
    assertThat(valid(twoNetworks("127.0.1.1", "127.0.2.1", "")).relay().loadLimits())
        .isEqualTo(io.isthmus.media.control.LoadLimits.NONE);
    assertThat(errors(twoNetworks("127.0.1.1", "127.0.2.1", "relay:\n  max-cpu: 120\n")))
        .containsExactly(
            "t.yaml:17: relay.max-cpu: 120 is not a CPU percentage (expected a number above 0 and"
                + " at most 100, e.g. 2.5)");
    assertThat(errors(twoNetworks("127.0.1.1", "127.0.2.1", "relay:\n  max-bandwidth: 0\n")))
        .containsExactly(
            "t.yaml:17: relay.max-bandwidth: 0 is not a bandwidth in bytes per second (expected 1"
                + " or more)");
  }

  @Test
  void listFileAndSetsTogetherAreRefused() {
    assertThat(
            errors(
                twoNetworks("127.0.1.1", "127.0.2.1", "")
                    .replace("dispatcher:\n", "dispatcher:\n  list-file: x.list\n")))
        .contains(
            "t.yaml:12: dispatcher.sets: given together with list-file (expected one source of"
                + " gateway sets)");
  }

  @Test
  void setAlgorithmsMustNameExistingSets() {
    IsthmusConfig c =
        valid(
            twoNetworks("127.0.1.1", "127.0.2.1", "")
                .replace(
                    "2: [sip:127.0.2.11]\n",
                    "2: [sip:127.0.2.11]\n  set-algorithms:\n    2: priority\n"));
    assertThat(c.dispatcher().settings().algorithmOf(2)).isEqualTo(Algorithm.PRIORITY);
    assertThat(c.dispatcher().settings().algorithmOf(1)).isEqualTo(Algorithm.ROUND_ROBIN);

    assertThat(
            errors(
                twoNetworks("127.0.1.1", "127.0.2.1", "")
                    .replace(
                        "2: [sip:127.0.2.11]\n",
                        "2: [sip:127.0.2.11]\n  set-algorithms:\n    5: 8\n    x: 8\n")))
        .containsExactly(
            "t.yaml:17: dispatcher.set-algorithms.5: set 5 does not exist in the dispatcher"
                + " (expected one of the sets: 1, 2)",
            "t.yaml:18: dispatcher.set-algorithms.x: x is not a gateway set id (expected 0 or"
                + " more)");
  }

  @Test
  void t2BelowT1IsRefusedWithTheReason() {
    assertThat(errors(twoNetworks("127.0.1.1", "127.0.2.1", "sip:\n  t1: 2s\n  t2: 1s\n")))
        .containsExactly(
            "t.yaml:18: sip.t2: 1s is below t1 2s (expected t2 >= t1: T2 caps the doubling that"
                + " starts at T1, RFC 3261 §17.1.2.2)");
  }

  @Test
  void ipv6NetworksWork() {
    IsthmusConfig c =
        valid(
            twoNetworks("'::1'", "127.0.2.1", "")
                .replace("public/127.0.1.1", "public/::1")
                .replace("[127.0.1.0/24]", "['::1/128']")
                .replace("sip:127.0.1.11", "'sip:[::1]:5070'"));
    assertThat(CallPaths.describe(c).getFirst())
        .isEqualTo(
            "calls from public (::1/128) go to set 2 on private via 127.0.2.1, media"
                + " public<->private");
  }

  @Test
  void loggingLevelsAreRead() {
    IsthmusConfig c =
        valid(
            twoNetworks(
                "127.0.1.1",
                "127.0.2.1",
                "logging:\n  level: warn\n  loggers:\n    io.isthmus.proxy: debug\n"));
    assertThat(c.logging().level()).isEqualTo(LoggingConfig.Level.WARN);
    assertThat(c.logging().loggers()).containsEntry("io.isthmus.proxy", LoggingConfig.Level.DEBUG);
  }
}
