package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hep:}: absent is off, every key checked with file, line and key. */
class HepConfigTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  private ConfigResult parse(String hep) {
    return loader.parse(
        "t.yaml", ConfigChecksTest.twoNetworks("127.0.1.1", "127.0.2.1", hep), Path.of("."));
  }

  private List<String> errors(String hep) {
    ConfigResult r = parse(hep);
    assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) r).errors().stream().map(ConfigError::toString).toList();
  }

  private HepConfig valid(String hep) {
    ConfigResult r = parse(hep);
    if (r instanceof ConfigResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((ConfigResult.Valid) r).config().hep();
  }

  @Test
  void withoutTheSectionNothingIsCaptured() {
    HepConfig hep = valid("");
    assertThat(hep.enabled()).isFalse();
    assertThat(hep.captures("public")).isFalse();
  }

  @Test
  void aCollectorAloneCapturesEveryNetworkAndEveryCall() {
    HepConfig hep = valid("hep:\n  collector: 127.0.0.1:9060\n");
    assertThat(hep.collector()).isEqualTo(new InetSocketAddress("127.0.0.1", 9060));
    assertThat(hep.captureId()).isEqualTo(2001);
    assertThat(hep.password()).isEmpty();
    assertThat(hep.captures("public")).isTrue();
    assertThat(hep.captures("private")).isTrue();
    assertThat(hep.sampling()).isEqualTo(1.0);
    assertThat(hep.rtcp()).isTrue();
  }

  @Test
  void theNetworkSwitchAndTheSamplingRate() {
    HepConfig hep =
        valid(
            """
            hep:
              collector: 127.0.0.1:9060
              capture-id: 7
              password: pw
              networks: [private]
              sampling: 12.5%
              rtcp: false
            """);
    assertThat(hep.captures("public")).isFalse();
    assertThat(hep.captures("private")).isTrue();
    assertThat(hep.sampling()).isEqualTo(0.125);
    assertThat(valid("hep: {collector: 127.0.0.1:9060, sampling: 0.25}\n").sampling())
        .isEqualTo(0.25);
    assertThat(hep.rtcp()).isFalse();
    assertThat(hep.password()).isEqualTo("pw");
  }

  @Test
  void eachMistakeIsReportedWithItsLineAndKey() {
    assertThat(
            errors(
                """
                hep:
                  collector: homer:9060
                  networks: [public, dmz]
                  sampling: 150%
                  capture: 3
                """))
        .containsExactly(
            "t.yaml:17: hep.collector: homer:9060 is not an address and port: 'homer' is not an"
                + " IP address literal (unexpected 'h' at offset 0; host names are not resolved)"
                + " (expected address:port with an IP literal, e.g. 127.0.0.1:22222 or"
                + " [::1]:22222)",
            "t.yaml:18: hep.networks[1]: no network dmz (expected one of: public, private)",
            "t.yaml:19: hep.sampling: 150% is not a share of calls (expected a number from 0 to"
                + " 1, or a percentage such as 10%)",
            "t.yaml:20: hep.capture: unknown key (expected one of: collector, capture-id,"
                + " password, networks, sampling, rtcp)");
    assertThat(errors("hep: {capture-id: 1}\n"))
        .containsExactly(
            "t.yaml:16: hep.collector: missing (expected an address and port: address:port, e.g."
                + " 127.0.0.1:22222 or [::1]:22222)");
  }
}
