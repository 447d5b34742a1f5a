package io.isthmus.media.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogicalInterfaceTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // spec                          | name     | local         | advertised
        "public/127.0.1.1                | public   | 127.0.1.1     | 127.0.1.1",
        "private/127.0.2.1               | private  | 127.0.2.1     | 127.0.2.1",
        "pub/10.0.0.5!192.0.2.4          | pub      | 10.0.0.5      | 192.0.2.4",
        "pub:1/10.0.0.5                  | pub:1    | 10.0.0.5      | 10.0.0.5",
        "v6/2001:db8::1                  | v6       | 2001:db8::1   | 2001:db8::1",
        "v6/fe80::1!2001:db8::2          | v6       | fe80::1       | 2001:db8::2",
        "192.0.2.7                       | default  | 192.0.2.7     | 192.0.2.7",
        "192.0.2.7!198.51.100.1          | default  | 192.0.2.7     | 198.51.100.1",
        "a_b-c.d/0.0.0.0                 | a_b-c.d  | 0.0.0.0       | 0.0.0.0",
      })
  void parsesNameLocalAndAdvertisedAddress(
      String spec, String name, String local, String advertised) {
    LogicalInterface parsed = LogicalInterface.parse(spec);

    assertThat(parsed.name()).isEqualTo(name);
    assertThat(parsed.local()).isEqualTo(InetAddress.ofLiteral(local));
    assertThat(parsed.advertised()).isEqualTo(InetAddress.ofLiteral(advertised));
  }

  @ParameterizedTest(name = "\"{0}\" -> offset {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // spec                        | offset | reason contains
        "''                            | 0      | empty interface specification",
        "'   '                         | 0      | empty interface specification",
        "/127.0.0.1                    | 0      | empty interface name",
        "pub/                          | 4      | missing local address",
        "pub/127.0.0.1!                | 14     | missing advertised address",
        "pub/localhost                 | 4      | not an IPv4 or IPv6 literal",
        "pub/eth0                      | 4      | not an IPv4 or IPv6 literal",
        "pub/127.0.0.1!example.com     | 14     | not an IPv4 or IPv6 literal",
        "pub/127.1                     | 4      | needs four octets, found 2",
        "pub/1.2.3.4.5                 | 4      | needs four octets, found 5",
        "pub/1.2.300.4                 | 8      | octet must be a number from 0 to 255",
        "pub/1..3.4                    | 6      | octet must be a number from 0 to 255",
        "pub/[::1]                     | 4      | without brackets",
        "pub/2001:db8::zz              | 4      | not an IPv4 or IPv6 literal",
        "p ub/127.0.0.1                | 1      | whitespace is not allowed",
        "pu$b/127.0.0.1                | 2      | invalid character '$'",
        "pub/a/127.0.0.1               | 5      | more than one '/'",
        "pub/1.2.3.4!5.6.7.8!9.9.9.9   | 19     | more than one '!'",
      })
  void rejectsMalformedSpecWithOffsetAndReason(String spec, int offset, String reason) {
    assertThatThrownBy(() -> LogicalInterface.parse(spec))
        .isInstanceOfSatisfying(
            InterfaceSpecException.class,
            e -> {
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.reason()).contains(reason);
              assertThat(e.spec()).isEqualTo(spec);
              assertThat(e.getMessage()).contains("offset " + offset);
            });
  }

  @Test
  void rejectsNullSpec() {
    assertThatThrownBy(() -> LogicalInterface.parse(null))
        .isInstanceOf(InterfaceSpecException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void printsBackToTheSpecItParsesFrom() {
    for (String spec : new String[] {"public/127.0.1.1", "pub/10.0.0.5!192.0.2.4"}) {
      assertThat(LogicalInterface.parse(spec).toSpec()).isEqualTo(spec);
    }
  }
}
