package io.isthmus.proxy.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "127.0.1.0/24, 127.0.1.11, true",
    "127.0.1.0/24, 127.0.1.255, true",
    "127.0.1.0/24, 127.0.2.11, false",
    "127.0.0.0/8, 127.200.3.4, true",
    "10.0.0.0/12, 10.15.255.255, true",
    "10.0.0.0/12, 10.16.0.0, false",
    "192.168.1.128/25, 192.168.1.127, false",
    "192.168.1.128/25, 192.168.1.200, true",
    "0.0.0.0/0, 203.0.113.9, true",
    "127.0.1.11, 127.0.1.11, true",
    "127.0.1.11, 127.0.1.12, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8::/33, 2001:db8:7fff::1, true",
    "2001:db8::/33, 2001:db8:8000::1, false",
    "::1, ::1, true",
    "::/0, 2001:db8::1, true",
    "127.0.0.0/8, ::1, false",
    "::/0, 127.0.0.1, false",
  })
  void containsComparesAddressBytesUnderTheMask(String subnet, String address, boolean expected)
      throws Exception {
    assertThat(Subnet.parse(subnet).contains(InetAddress.ofLiteral(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.1.0/24, 127.0.1.0/24",
    "127.0.1.11, 127.0.1.11/32",
    "2001:DB8::/32, 2001:db8::/32",
    "2001:db8:0:0:1:0:0:0/80, 2001:db8:0:0:1::/80",
    "::, ::/128",
    "fe80:0:0:1::/64, fe80:0:0:1::/64",
  })
  void printsCanonicalCidr(String text, String canonical) {
    assertThat(Subnet.parse(text)).hasToString(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''| empty subnet",
        "10.0.0.0/33| invalid subnet '10.0.0.0/33': prefix length 33 is larger than 32 for an"
            + " IPv4 address",
        "2001:db8::/129| invalid subnet '2001:db8::/129': prefix length 129 is larger than 128 for"
            + " an IPv6 address",
        "10.0.0.0/| invalid subnet '10.0.0.0/': empty prefix length",
        "10.0.0.0/2x| invalid subnet '10.0.0.0/2x': prefix length is not a decimal number"
            + " (unexpected 'x' at offset 10)",
        "10.0.0.1/8| invalid subnet '10.0.0.1/8': host bits are set after the /8 prefix (did you"
            + " mean 10.0.0.0/8?)",
        "10.0.0/8| invalid subnet '10.0.0/8': IPv4 address '10.0.0' has 3 octets, expected 4",
        "10.0.0.256/32| invalid subnet '10.0.0.256/32': IPv4 octet 4 is 256, larger than 255 in"
            + " '10.0.0.256'",
        "010.0.0.0/8| invalid subnet '010.0.0.0/8': IPv4 octet 1 has a leading zero in"
            + " '010.0.0.0'",
        "gw.example.com/24| invalid subnet 'gw.example.com/24': 'gw.example.com' is not an IP"
            + " address literal (unexpected 'g' at offset 0; host names are not resolved)",
        "10.0.0.0.0/8| invalid subnet '10.0.0.0.0/8': unexpected '.' at offset 8 in '10.0.0.0.0'",
        "2001:db8::g/64| invalid subnet '2001:db8::g/64': '2001:db8::g' is not a valid IPv6"
            + " address",
        "fe80::1%eth0| invalid subnet 'fe80::1%eth0': IPv6 zone ids are not supported:"
            + " 'fe80::1%eth0'",
        "::ffff:10.0.0.0/104| invalid subnet '::ffff:10.0.0.0/104': IPv4-mapped IPv6 address"
            + " '::ffff:10.0.0.0': write it as 10.0.0.0",
      })
  void refusesBadTextWithAPreciseMessage(String text, String message) {
    assertThatThrownBy(() -> Subnet.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} overlaps {1}: {2}")
  @CsvSource({
    "127.0.1.0/24, 127.0.2.0/24, false",
    "127.0.0.0/8, 127.0.2.0/24, true",
    "127.0.2.0/24, 127.0.0.0/8, true",
    "127.0.2.0/25, 127.0.2.128/25, false",
    "127.0.2.11, 127.0.2.0/24, true",
    "2001:db8::/32, 127.0.0.0/8, false",
    "2001:db8::/32, 2001:db8:1::/48, true",
  })
  void overlapIsSymmetricAndFamilyAware(String a, String b, boolean expected) {
    assertThat(Subnet.parse(a).overlaps(Subnet.parse(b))).isEqualTo(expected);
    assertThat(Subnet.parse(b).overlaps(Subnet.parse(a))).isEqualTo(expected);
  }
}
