package io.isthmus.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.proxy.media.MediaSettings;
import io.isthmus.proxy.media.NetworkMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy's media settings from a config: the default flags, and per media interface the
 * network's relay-flags, media-protocol (else the default flags' one) and accept-media-from; the
 * warm-up's settings the same without protocols (its parties speak plain RTP).
 */
class MediaSettingsWiringTest {
  private static IsthmusConfig config(String relay) {
    String yaml =
        """
        networks:
          public:
            sip: [{address: 127.0.1.1}]
            media: pub/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
            relay-flags: "direction=priv direction=pub ICE=force codec-strip=all codec-offer=PCMA"
            accept-media-from: sdp
          private:
            sip: [{address: 127.0.2.1}]
            media: priv/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
            media-protocol: RTP/AVP
        dispatcher:
          sets:
            1: [sip:127.0.1.11]
            2: [sip:127.0.2.11]
        """
            + relay;
    return switch (new ConfigLoader(a -> a.isLoopbackAddress())
        .parse("t.yaml", yaml, Path.of("."))) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
    };
  }

  @Test
  void eachNetworksSettingsAreKeyedByItsMediaInterface() {
    MediaSettings s = WarmUpProxy.mediaSettings(config(""));
    assertThat(s.flags()).containsExactly("trust-address");
    assertThat(s.replace()).containsExactly("origin");
    assertThat(s.ice()).isEqualTo("remove");
    assertThat(s.network("pub"))
        .isEqualTo(
            new NetworkMedia(
                List.of("codec-strip-all", "codec-offer-PCMA"),
                List.of(),
                "force",
                List.of(),
                null,
                true));
    assertThat(s.network("priv"))
        .isEqualTo(new NetworkMedia(List.of(), List.of(), "", List.of(), "RTP/AVP", false));
    assertThat(s.network("public"))
        .as("networks are keyed by interface, not name")
        .isEqualTo(NetworkMedia.NONE);
  }

  @Test
  void theDefaultFlagsProtocolIsEveryNetworksWithoutOneAndTheWarmUpSpeaksPlainRtp() {
    IsthmusConfig c =
        config(
            "relay:\n  default-flags: \"trust-address direction=pub direction=priv RTP/SAVP\"\n");
    MediaSettings s = WarmUpProxy.mediaSettings(c);
    assertThat(s.flags()).containsExactly("trust-address");
    assertThat(s.replace()).isEmpty();
    assertThat(s.network("pub").mediaProtocol()).isEqualTo("RTP/SAVP");
    assertThat(s.network("priv").mediaProtocol()).isEqualTo("RTP/AVP");
    MediaSettings warm = WarmUpProxy.plainMediaSettings(c);
    assertThat(warm.network("pub").mediaProtocol()).isNull();
    assertThat(warm.network("priv").mediaProtocol()).isNull();
    assertThat(warm.network("pub").sdpSourceOnly()).isTrue();
    assertThat(warm.network("pub").flags()).containsExactly("codec-strip-all", "codec-offer-PCMA");
  }
}
