package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML reader's refusals and the value syntaxes of the config. */
class YamlAndValuesTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  private List<String> errors(String yaml) {
    ConfigResult result = loader.parse("t.yaml", yaml, Path.of("."));
    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
  }

  private static <T> T convert(Converter<T> c, String text) {
    return c.parse().apply(text);
  }

  private static String refusal(Converter<?> c, String text) {
    Errors errors = new Errors("t.yaml");
    MappingReader m = MappingReader.empty(errors, new SourceLines(), "k", 1);
    assertThat(m.convert(new YamlNode.Scalar(3, text), "k.v", c)).isNull();
    return errors.sorted().getFirst().toString();
  }

  @Test
  void emptyFileSaysWhatIsExpected() {
    assertThat(errors(""))
        .containsExactly(
            "t.yaml:1: the file is empty (expected a mapping of sections: networks, ...)");
  }

  @Test
  void rootThatIsNotAMappingIsRefused() {
    assertThat(errors("- a\n- b\n"))
        .containsExactly(
            "t.yaml:1: a list is not a mapping (expected the sections networks, dispatcher, relay,"
                + " ...)",
            "t.yaml:1: networks: missing (expected a mapping of network names (public, private) to"
                + " networks)",
            "t.yaml:1: dispatcher: missing (expected the gateway sets: list-file or sets)");
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(errors("admin: {}\n---\nlogging: {}\n"))
        .containsExactly("t.yaml:3: a second YAML document (expected exactly one: remove '---')");
  }

  @Test
  void aliasesAreRefusedWithTheirPath() {
    assertThat(errors("admin:\n  listen: &a 127.0.0.1:8080\nrelay:\n  listen-ng: *a\n"))
        .containsExactly(
            "t.yaml:4: relay.listen-ng: alias '*a' (expected plain values: anchors and aliases are"
                + " not supported)");
  }

  @Test
  void fileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    ConfigResult result = loader.read(file);
    assertThat(((ConfigResult.Invalid) result).errors())
        .extracting(ConfigError::toString)
        .containsExactly("latin1.yaml:1: the file is not UTF-8 text (expected a UTF-8 YAML file)");
  }

  @Test
  void durationsTakeAUnitOrZero() {
    assertThat(convert(Converters.DURATION, "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(convert(Converters.DURATION, "2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(convert(Converters.DURATION, "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(convert(Converters.DURATION, "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(convert(Converters.DURATION, "0")).isZero();
    for (String bad : List.of("2", "1.5s", "-1s", "s", "2 s", "2sec", "")) {
      assertThat(refusal(Converters.DURATION, bad))
          .isEqualTo(
              "t.yaml:3: k.v: "
                  + bad
                  + " is not a duration (expected a whole number with a unit: 500ms, 2s, 5m, 1h;"
                  + " or 0)");
    }
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
  }

  @Test
  void socketAddressesAreLiteralsWithAPort() {
    assertThat(convert(Converters.SOCKET_ADDRESS, "127.0.0.1:22222"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 22222));
    assertThat(convert(Converters.SOCKET_ADDRESS, "[::1]:22222"))
        .isEqualTo(new InetSocketAddress("::1", 22222));
    String expected =
        " (expected address:port with an IP literal, e.g. 127.0.0.1:22222 or [::1]:22222)";
    assertThat(refusal(Converters.SOCKET_ADDRESS, "::1:22222"))
        .isEqualTo(
            "t.yaml:3: k.v: ::1:22222 is not an address and port: an IPv6 address needs brackets"
                + expected);
    assertThat(refusal(Converters.SOCKET_ADDRESS, "127.0.0.1:0"))
        .isEqualTo(
            "t.yaml:3: k.v: 127.0.0.1:0 is not an address and port: the port must be 1-65535"
                + expected);
    assertThat(refusal(Converters.SOCKET_ADDRESS, "127.0.0.1"))
        .isEqualTo(
            "t.yaml:3: k.v: 127.0.0.1 is not an address and port (expected address:port, e.g."
                + " 127.0.0.1:22222 or [::1]:22222)");
  }

  @Test
  void numbersAreStrictDecimal() {
    Converter<Integer> port = Converters.PORT;
    assertThat(convert(port, "5060")).isEqualTo(5060);
    for (String bad : List.of("0x13c4", "5_060", "+5060", "5060.0", "99999999999999999999")) {
      assertThat(refusal(port, bad))
          .isEqualTo("t.yaml:3: k.v: " + bad + " is not a port (expected 1-65535)");
    }
  }

  @Test
  void algorithmsByNameOrKamailioNumber() {
    assertThat(convert(Converters.ALGORITHM, "call-load"))
        .isEqualTo(io.isthmus.proxy.dispatcher.Algorithm.CALL_LOAD);
    assertThat(convert(Converters.ALGORITHM, "9"))
        .isEqualTo(io.isthmus.proxy.dispatcher.Algorithm.WEIGHT);
    assertThat(refusal(Converters.ALGORITHM, "3"))
        .startsWith("t.yaml:3: k.v: 3 is not a dispatcher algorithm (expected one of:");
  }

  @Test
  void typoDistanceFindsTranspositionsAndSmallEdits() {
    assertThat(MappingReader.distance("soruces", "sources")).isEqualTo(1);
    assertThat(MappingReader.distance("gateway_set", "gateway-set")).isEqualTo(1);
    assertThat(MappingReader.distance("relay", "admin")).isGreaterThan(2);
  }
}
