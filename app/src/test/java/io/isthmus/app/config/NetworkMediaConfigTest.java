package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.media.NetworkMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code networks.NAME.relay-flags} and {@code media-protocol}: read by the parser of {@code
 * relay.default-flags}, folded with {@code accept-media-from} into the network's media settings,
 * every mistake reported with file, line and key.
 */
class NetworkMediaConfigTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  /** Two networks; {@code pub} and {@code priv} are inserted as the last keys of each. */
  private static String yaml(String pub, String priv, String extra) {
    return """
        networks:
          public:
            sip: [{address: 127.0.1.1}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
        %s
          private:
            sip: [{address: 127.0.2.1}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        %s
        dispatcher:
          sets:
            1: [sip:127.0.1.11]
            2: [sip:127.0.2.11]
        %s"""
        .formatted(pub, priv, extra);
  }

  private IsthmusConfig valid(String yaml) {
    ConfigResult r = loader.parse("t.yaml", yaml, Path.of("."));
    if (r instanceof ConfigResult.Invalid i) {
      throw new AssertionError(i.errors() + "\n" + yaml);
    }
    return ((ConfigResult.Valid) r).config();
  }

  private List<String> errors(String yaml) {
    ConfigResult r = loader.parse("t.yaml", yaml, Path.of("."));
    assertThat(r).as(yaml).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) r).errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void aKamailioStringPerNetworkBecomesThatNetworksMediaSettings() {
    IsthmusConfig c =
        valid(
            yaml(
                """
                    media-protocol: RTP/SAVP
                    relay-flags: "direction=private direction=public codec-strip=all codec-offer=PCMA ICE=force rtcp-mux-offer"
                """,
                """
                    accept-media-from: sdp
                    relay-flags: [trust-address, "direction=public direction=private RTP/AVP", replace-session-connection]
                """,
                ""));
    NetworkConfig pub = c.network("public").orElseThrow();
    assertThat(pub.mediaProtocol()).contains("RTP/SAVP");
    assertThat(pub.relayFlags())
        .containsExactly(
            "direction=private",
            "direction=public",
            "codec-strip=all",
            "codec-offer=PCMA",
            "ICE=force",
            "rtcp-mux-offer");
    assertThat(pub.networkMedia(null))
        .isEqualTo(
            new NetworkMedia(
                List.of("codec-strip-all", "codec-offer-PCMA"),
                List.of(),
                "force",
                List.of("offer"),
                "RTP/SAVP",
                false));
    // private's protocol is the one in its flags; accept-media-from folds in.
    assertThat(c.network("private").orElseThrow().networkMedia(null))
        .isEqualTo(
            new NetworkMedia(
                List.of("trust-address"),
                List.of("session-connection"),
                "",
                List.of(),
                "RTP/AVP",
                true));
  }

  @Test
  void aTransportProtocolInDefaultFlagsIsEveryNetworksThatNamesNone() {
    IsthmusConfig c =
        valid(
            yaml(
                "    media-protocol: RTP/SAVP\n",
                "",
                """
                relay:
                  default-flags: "trust-address replace-origin direction=public direction=private RTP/AVP rtcp-mux-offer"
                """));
    String fallback =
        MediaFlags.parse(c.relay().defaultFlags(), new java.util.ArrayList<>()).transportProtocol();
    assertThat(fallback).isEqualTo("RTP/AVP");
    assertThat(c.network("public").orElseThrow().networkMedia(fallback).mediaProtocol())
        .isEqualTo("RTP/SAVP");
    assertThat(c.network("private").orElseThrow().networkMedia(fallback).mediaProtocol())
        .isEqualTo("RTP/AVP");
    // Kamailio's words combine as its module combines them.
    assertThat(MediaFlags.parse(List.of("SRTP", "AVPF"), new java.util.ArrayList<>()))
        .extracting(MediaFlags::transportProtocol)
        .isEqualTo("RTP/SAVPF");
    assertThat(MediaFlags.parse(List.of("SRTP"), new java.util.ArrayList<>()))
        .extracting(MediaFlags::transportProtocol)
        .isEqualTo("RTP/SAVP");
  }

  @Test
  void everyMistakeNamesFileLineAndKey() {
    assertThat(
            errors(
                yaml(
                    """
                        media-protocol: UDP/TLS/RTP/SAVPF
                        relay-flags: "direction=pubic direction=public DTLS codec-shuffle=all"
                    """,
                    """
                        media-protocol: RTP/AVP
                        relay-flags:
                          - direction=private
                          - direction=public
                          - RTP/SAVP
                    """,
                    """
                    relay:
                      default-flags: "direction=public trust-address"
                    """)))
        .containsExactly(
            "t.yaml:7: networks.public.media-protocol: UDP/TLS/RTP/SAVPF is not a media protocol"
                + " (expected one of: RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF)",
            "t.yaml:8: networks.public.relay-flags: DTLS: the Isthmus relay does not do DTLS-SRTP"
                + " (expected RTP/AVP, RTP/AVPF, RTP/SAVP or RTP/SAVPF; SRTP with SDES keys is"
                + " RTP/SAVP)",
            "t.yaml:8: networks.public.relay-flags: codec-shuffle=all: not a codec operation"
                + " (expected codec-strip=, codec-offer=, codec-transcode=, codec-mask=,"
                + " codec-set=, codec-except=, codec-accept= or codec-consume= with a codec name or"
                + " all)",
            "t.yaml:8: networks.public.relay-flags: direction=pubic: no network has the media"
                + " interface 'pubic' (expected one of: public, private)",
            "t.yaml:16: networks.private.relay-flags: RTP/SAVP: media-protocol says RTP/AVP"
                + " (expected one transport protocol for the network: write it once)",
            "t.yaml:16: networks.private.relay-flags: direction=private direction=public: these"
                + " flags go with SDP sent to this network, whose interface is 'private' (expected"
                + " the answerer's interface, the second direction=, to be private)",
            "t.yaml:26: relay.default-flags: direction= given 1 time(s) (expected twice, as"
                + " Kamailio writes it: the offerer's interface, then the answerer's)");
  }
}
