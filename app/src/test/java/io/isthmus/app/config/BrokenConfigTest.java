package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each broken config under {@code config/broken/} is reported with exactly the errors in its {@code
 * .expected} file: file, line, key and message, in file order.
 */
class BrokenConfigTest {
  static final Path BROKEN = Path.of("src/test/resources/config/broken");

  /** Only loopback and the wildcard are local, whatever this machine's interfaces are. */
  static final LocalAddresses LOOPBACK_ONLY = a -> a.isLoopbackAddress() || a.isAnyLocalAddress();

  static Stream<Arguments> brokenConfigs() {
    return Stream.of(
        Arguments.of("yaml-syntax", "bad YAML syntax (a line indented off)"),
        Arguments.of("unknown-key", "a typo in a key: unknown, and the real key missing"),
        Arguments.of("wrong-type", "a word where a port goes, a scalar where a list goes"),
        Arguments.of("missing-key", "a required key left out"),
        Arguments.of("port-out-of-range", "port 70000"),
        Arguments.of("bad-subnet", "host bits set, prefix too long"),
        Arguments.of("overlapping-subnets", "a subnet in two networks"),
        Arguments.of("unknown-gateway-set", "a network served by a set that does not exist"),
        Arguments.of("non-local-address", "SIP and media on an address this host does not have"),
        Arguments.of("port-range-too-small", "max-sessions beyond the port range"),
        Arguments.of("bad-interface", "media interface specs that do not parse"),
        Arguments.of("bad-list-file-line", "a list-file line the dispatcher rejects"),
        Arguments.of("missing-list-file", "a list file that does not exist"),
        Arguments.of("duplicate-socket", "one SIP socket in two networks"),
        Arguments.of("relay-node-weight", "NG nodes with weight 0 and -3"),
        Arguments.of("duplicate-key", "a key written twice"),
        Arguments.of("bad-gateway", "an inline gateway that is not a SIP URI"),
        Arguments.of("probe-down-interval", "down gateways probed less often than live ones"),
        Arguments.of("several-errors", "many errors in one file: all reported"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("brokenConfigs")
  void reportsExactlyTheExpectedErrors(String name, String what) throws IOException {
    List<String> expected =
        Files.readAllLines(BROKEN.resolve(name + ".expected"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();

    ConfigResult result = new ConfigLoader(LOOPBACK_ONLY).read(BROKEN.resolve(name + ".yaml"));

    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    assertThat(((ConfigResult.Invalid) result).errors())
        .extracting(ConfigError::toString)
        .containsExactlyElementsOf(expected);
  }
}
