package io.isthmus.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  private static byte[] v6(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return IpLiterals.parseIpv6(b, 0, b.length);
  }

  private static byte[] v4(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return IpLiterals.parseIpv4(b, 0, b.length);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "1::",
        "2001:db8::10",
        "2001:db8::10:5070",
        "2001:db8::9:255",
        "::ffff:192.0.2.10",
        "2001:db8::192.0.2.1",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4",
        "fe80::",
        "FFFF::ffff",
        "1::2:3:4:5:6:7"
      })
  void acceptsValidIpv6LikeTheJdkLiteralParser(String text) throws Exception {
    // InetAddress.getByName on a literal never resolves; it is the reference here.
    assertThat(v6(text))
        .isEqualTo(
            InetAddress.getByName("[" + text + "]").getAddress().length == 16
                ? InetAddress.getByName("[" + text + "]").getAddress()
                : mapped(InetAddress.getByName("[" + text + "]").getAddress()));
  }

  private static byte[] mapped(byte[] v4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xFF;
    out[11] = (byte) 0xFF;
    System.arraycopy(v4, 0, out, 12, 4);
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "2001:db8:::192.0.2.1",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:8::",
        "::1:",
        "g::",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3",
        "1.2.3.4",
        ":1::",
        "1:::2"
      })
  void refusesInvalidIpv6(String text) {
    assertThat(v6(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "010.1.1.1"})
  void acceptsIpv4(String text) {
    assertThat(v4(text)).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.1.1", "1.1.1.1.1", "1..1.1", "1.1.1.1.", "0001.1.1.1"})
  void refusesInvalidIpv4(String text) {
    assertThat(v4(text)).isNull();
  }
}
