package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** relay.default-flags written as a Kamailio rtpengine_manage() string. */
class MediaFlagsTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  @Test
  void aKamailioFlagStringBecomesTheNgEntriesRtpengineWouldGet() {
    List<String> errors = new ArrayList<>();
    MediaFlags f =
        MediaFlags.parse(
            MediaFlags.words(
                "trust-address replace-origin replace-session-connection ICE=remove"
                    + " codec-strip=all codec-mask=all codec-transcode=PCMA rtcp-mux-demux"
                    + " SIP-source-address"),
            errors);
    assertThat(errors).isEmpty();
    assertThat(f.flags())
        .containsExactly(
            "trust-address",
            "codec-strip-all",
            "codec-mask-all",
            "codec-transcode-PCMA",
            "sip-source-address");
    assertThat(f.replace()).containsExactly("origin", "session-connection");
    assertThat(f.ice()).isEqualTo("remove");
    assertThat(f.rtcpMux()).containsExactly("demux");
  }

  @Test
  void aStringAndAListReadAlikeAndEveryRefusedWordSaysWhy() {
    String yaml =
        ConfigChecksTest.twoNetworks(
            "127.0.1.1",
            "127.0.2.1",
            """
            relay:
              default-flags: "trust-address direction=public codec-strip=all"
            """);
    ConfigResult r = loader.parse("t.yaml", yaml, Path.of("."));
    assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
    assertThat(((ConfigResult.Invalid) r).errors().stream().map(ConfigError::toString))
        .containsExactly(
            "t.yaml:17: relay.default-flags: direction= given 1 time(s) (expected twice, as"
                + " Kamailio writes it: the offerer's interface, then the answerer's)");

    String list =
        ConfigChecksTest.twoNetworks(
            "127.0.1.1",
            "127.0.2.1",
            """
            relay:
              default-flags:
                - trust-address
                - codec-shuffle=all
                - UDP/TLS/RTP/SAVPF
                - label=x
                - trust-adress
            """);
    ConfigResult l = loader.parse("t.yaml", list, Path.of("."));
    assertThat(((ConfigResult.Invalid) l).errors().stream().map(ConfigError::toString))
        .containsExactly(
            "t.yaml:19: relay.default-flags[1]: codec-shuffle=all: not a codec operation (expected"
                + " codec-strip=, codec-offer=, codec-transcode=, codec-mask=, codec-set=,"
                + " codec-except=, codec-accept= or codec-consume= with a codec name or all)",
            "t.yaml:20: relay.default-flags[2]: UDP/TLS/RTP/SAVPF: the Isthmus relay does not do"
                + " DTLS-SRTP (expected RTP/AVP, RTP/AVPF, RTP/SAVP or RTP/SAVPF; SRTP with SDES keys"
                + " is RTP/SAVP)",
            "t.yaml:21: relay.default-flags[3]: label=x: a key the proxy does not send (expected"
                + " flag words, direction=, replace-*, rtcp-mux-*, ICE=, codec-*= or a transport"
                + " protocol)",
            "t.yaml:22: relay.default-flags[4]: trust-adress: not an rtpengine flag (expected a"
                + " flag of rtpengine's NG protocol)");

    IsthmusConfig ok =
        ((ConfigResult.Valid)
                loader.parse(
                    "t.yaml",
                    ConfigChecksTest.twoNetworks(
                        "127.0.1.1",
                        "127.0.2.1",
                        "relay:\n  default-flags: [trust-address, \"codec-strip=all codec-offer=PCMU\"]\n"),
                    Path.of(".")))
            .config();
    assertThat(ok.relay().defaultFlags())
        .containsExactly("trust-address", "codec-strip=all", "codec-offer=PCMU");
  }
}
