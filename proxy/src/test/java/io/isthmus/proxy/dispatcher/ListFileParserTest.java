package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListFileParserTest {

  @Test
  void readsTheKamailioDocumentationExample() throws Exception {
    DispatcherList list =
        ListFileParser.parse(
            "dispatcher.list",
            """
            1 sip:127.0.0.1:5080 0 0 duid=abc;socket=udp:192.168.0.125:5060;my=xyz;ping_from=sip:myproxy.com
            2 sip:127.0.0.1:5080;transport=tcp 0 10 class=4;prefix=448;strip=2
            """);

    Gateway one = list.set(1).gateways().getFirst();
    assertThat(one.uri().toString()).isEqualTo("sip:127.0.0.1:5080");
    assertThat(one.flags()).isZero();
    assertThat(one.priority()).isZero();
    assertThat(one.attrs().duid()).isEqualTo("abc");
    assertThat(one.attrs().socket()).isEqualTo(new GatewaySocket("udp", "192.168.0.125", 5060));
    assertThat(one.attrs().pingFrom().toString()).isEqualTo("sip:myproxy.com");
    assertThat(one.attrs().extra()).containsExactlyEntriesOf(Map.of("my", "xyz"));

    Gateway two = list.set(2).gateways().getFirst();
    assertThat(two.uri().transport()).isEqualTo("tcp");
    assertThat(two.priority()).isEqualTo(10);
    assertThat(two.attrs().body()).isEqualTo("class=4;prefix=448;strip=2");
    assertThat(two.attrs().extra()).containsEntry("class", "4").containsEntry("prefix", "448");
  }

  @Test
  void readsAFileWithCommentsBlankLinesTabsAndTrailingComments() throws Exception {
    Path file = resource("dispatcher.list");

    DispatcherList list = ListFileParser.parse(file);

    assertThat(list.sets()).containsOnlyKeys(1, 2);
    assertThat(list.set(1).gateways()).extracting(g -> g.attrs().duid()).contains("gw11", "gw12");
    GatewaySet publicSide = list.set(2);
    assertThat(publicSide.gateways()).extracting(Gateway::priority).containsExactly(10, 5);
    assertThat(publicSide.gateways().get(0).flags()).isEqualTo(GatewayFlags.PROBING);
    assertThat(publicSide.gateways().get(1).flags()).isEqualTo(GatewayFlags.DISABLED);
    assertThat(publicSide.gateways().get(1).attrs().weight()).isEqualTo(40);
  }

  @Test
  void ordersHigherPriorityFirstAndEqualPrioritiesInReverseReadOrderAsKamailio() throws Exception {
    DispatcherList list =
        ListFileParser.parse(
            "dispatcher.list",
            """
            1 sip:127.0.2.11
            1 sip:127.0.2.12 0 5
            1 sip:127.0.2.13
            1 sip:127.0.2.14 0 5
            1 sip:127.0.2.15 0 -1
            """);

    assertThat(list.set(1).gateways())
        .extracting(g -> g.uri().host())
        .containsExactly("127.0.2.14", "127.0.2.12", "127.0.2.13", "127.0.2.11", "127.0.2.15");
  }

  @Test
  void optionalFieldsDefaultToZeroAndEmpty() throws Exception {
    Gateway gw = ListFileParser.parse("l", "7 sip:gw.example.com\n").set(7).gateways().getFirst();

    assertThat(gw.flags()).isZero();
    assertThat(gw.priority()).isZero();
    assertThat(gw.attrs()).isEqualTo(GatewayAttrs.NONE);
  }

  @Test
  void addsTheSipSchemeToADestinationWithoutOneAsKamailioDoes() throws Exception {
    Gateway gw = ListFileParser.parse("l", "1 127.0.2.11:5080\n").set(1).gateways().getFirst();

    assertThat(gw.uri().toString()).isEqualTo("sip:127.0.2.11:5080");
  }

  @Test
  void parsesTypedAttributesCaseInsensitivelyAndToleratesATrailingSemicolon() throws Exception {
    Gateway gw =
        ListFileParser.parse(
                "l",
                "1 sip:127.0.2.11 0 0"
                    + " DUID=a;Weight=25;rweight=10;maxload=30;sockname=priv;obproxy=sip:127.0.0.9;\n")
            .set(1)
            .gateways()
            .getFirst();

    GatewayAttrs a = gw.attrs();
    assertThat(a.duid()).isEqualTo("a");
    assertThat(a.weight()).isEqualTo(25);
    assertThat(a.rweight()).isEqualTo(10);
    assertThat(a.maxload()).isEqualTo(30);
    assertThat(a.sockname()).isEqualTo("priv");
    assertThat(a.obproxy().toString()).isEqualTo("sip:127.0.0.9");
    assertThat(a.body()).endsWith("obproxy=sip:127.0.0.9");
  }

  @Test
  void parsesAnIpv6SocketAttribute() throws Exception {
    Gateway gw =
        ListFileParser.parse("l", "1 sip:[::1]:5070 0 0 socket=tcp:[::1]:5060\n")
            .set(1)
            .gateways()
            .getFirst();

    assertThat(gw.attrs().socket()).isEqualTo(new GatewaySocket("tcp", "[::1]", 5060));
  }

  @Test
  void kamcmdStateLettersAreReadAsFlagsWithAWarningThatKamailioWouldRefuseThem() throws Exception {
    DispatcherList list =
        ListFileParser.parse(
            "dispatcher.list",
            """
            1 sip:127.0.0.1:5061 ap
            1 sip:127.0.0.1:5062 flags=IP
            1 sip:127.0.0.1:5063 d
            1 sip:127.0.0.1:5064 a
            1 sip:127.0.0.1:5065 t
            1 sip:127.0.0.1:5066 8
            """);
    Map<Integer, Integer> flagsByPort = new java.util.TreeMap<>();
    for (Gateway gw : list.set(1).gateways()) {
      flagsByPort.put(gw.uri().port(), gw.flags());
    }
    assertThat(flagsByPort)
        .containsExactly(
            Map.entry(5061, GatewayFlags.PROBING),
            Map.entry(5062, GatewayFlags.INACTIVE | GatewayFlags.PROBING),
            Map.entry(5063, GatewayFlags.DISABLED),
            Map.entry(5064, 0),
            Map.entry(5065, GatewayFlags.TRYING),
            Map.entry(5066, GatewayFlags.PROBING));
    assertThat(GatewayFlags.initialState(flagsByPort.get(5062))).isEqualTo(GatewayState.INACTIVE);
    assertThat(list.warnings())
        .hasSize(5)
        .first()
        .isEqualTo(
            "dispatcher.list line 1: flags: 'ap' read as 8; Kamailio would refuse this line (its"
                + " list files take numbers only: write 8)");
  }

  @Test
  void anEmptyFileHasNoSets() throws Exception {
    assertThat(ListFileParser.parse("l", "# nothing\n\n   \n").sets()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          x sip:127.0.0.1                            | dispatcher.list line 2: setid 'x' is not a number
          -1 sip:127.0.0.1                           | dispatcher.list line 2: setid '-1' is not a number
          1                                          | dispatcher.list line 2: destination is missing
          1 sip:127.0.0.1 x                          | dispatcher.list line 2: flags 'x' is not a number nor state letters (expected e.g. 8, or a, i, d, t, p as kamcmd writes them: ap)
          1 sip:127.0.0.1 flags=                     | dispatcher.list line 2: flags 'flags=' is not a number nor state letters (expected e.g. 8, or a, i, d, t, p as kamcmd writes them: ap)
          1 sip:127.0.0.1 64                         | dispatcher.list line 2: flags '64' has bits other than 1..32
          1 sip:127.0.0.1 0 x                        | dispatcher.list line 2: priority 'x' is not a number
          1 sip:127.0.0.1 0 99999999999              | dispatcher.list line 2: priority '99999999999' is not a number
          1 sip:127.0.0.1 0 0 a=1 extra              | dispatcher.list line 2: unexpected 'extra' after the attrs
          1 sip:127.0.0.1 0 0 weight=0               | dispatcher.list line 2: weight '0' is not in 1..100
          1 sip:127.0.0.1 0 0 weight=101             | dispatcher.list line 2: weight '101' is not in 1..100
          1 sip:127.0.0.1 0 0 weight=ten             | dispatcher.list line 2: weight 'ten' is not a number
          1 sip:127.0.0.1 0 0 rweight=200            | dispatcher.list line 2: rweight '200' is not in 1..100
          1 sip:127.0.0.1 0 0 maxload=-3             | dispatcher.list line 2: maxload '-3' is not a number
          1 sip:127.0.0.1 0 0 duid=                  | dispatcher.list line 2: duid has no value
          1 sip:127.0.0.1 0 0 a=1;;b=2               | dispatcher.list line 2: attrs 'a=1;;b=2' has an empty attribute
          1 sip:127.0.0.1 0 0 socket=127.0.0.1       | dispatcher.list line 2: socket '127.0.0.1' is not proto:host[:port]
          1 sip:127.0.0.1 0 0 socket=foo:127.0.0.1   | dispatcher.list line 2: socket 'foo:127.0.0.1' has an unknown protocol 'foo'
          1 sip:127.0.0.1 0 0 socket=udp:127.0.0.1:x | dispatcher.list line 2: socket 'udp:127.0.0.1:x' has an invalid port 'x'
          1 sip:127.0.0.1 0 0 socket=sctp            | dispatcher.list line 2: socket 'sctp' is not proto:host[:port]
          1 sip:127.0.0.1 0 0 socket=udp:            | dispatcher.list line 2: socket 'udp:' has no host
          1 sip:127.0.0.1 0 0 ping_from=sip:         | dispatcher.list line 2: ping_from 'sip:' is not a SIP URI: expected host at offset 4
          1 sip:127.0.0.1:99999                      | dispatcher.list line 2: destination 'sip:127.0.0.1:99999' is not a SIP URI: port out of range at offset 14
          1 sip:127.0.0.1                            | dispatcher.list line 2: destination 'sip:127.0.0.1' repeats in set 1
          """)
  void rejectsABadLineNamingFileLineAndField(String line, String message) {
    String text = "1 sip:127.0.0.1\n" + line + "\n";

    assertThatThrownBy(() -> ListFileParser.parse("dispatcher.list", text))
        .isInstanceOf(DispatcherConfigException.class)
        .hasMessage(message);
  }

  @Test
  void theExceptionCarriesTheFieldAndLine() {
    assertThatThrownBy(
            () -> ListFileParser.parse("dispatcher.list", "\n\n\n\n\n\n1 sip:127.0.0.1 0 x\n"))
        .isInstanceOfSatisfying(
            DispatcherConfigException.class,
            e -> {
              assertThat(e).hasMessage("dispatcher.list line 7: priority 'x' is not a number");
              assertThat(e.line()).isEqualTo(7);
              assertThat(e.field()).isEqualTo("priority");
              assertThat(e.source()).isEqualTo("dispatcher.list");
            });
  }

  @Test
  void definitionsFromTheConfigAreCheckedLikeTheFileAndNameTheEntry() throws Exception {
    DispatcherList list =
        DispatcherList.of(
            "dispatcher.sets",
            List.of(
                GatewayDefinition.of(1, "sip:127.0.2.11"),
                new GatewayDefinition(1, "sip:127.0.2.12", 0, 3, "weight=70")));
    assertThat(list.set(1).gateways())
        .extracting(g -> g.uri().host())
        .containsExactly("127.0.2.12", "127.0.2.11");

    assertThatThrownBy(
            () ->
                DispatcherList.of(
                    "dispatcher.sets",
                    List.of(
                        GatewayDefinition.of(1, "sip:127.0.2.11"),
                        new GatewayDefinition(1, "sip:127.0.2.12", 0, 0, "maxload=x"))))
        .hasMessage("dispatcher.sets line 2: maxload 'x' is not a number");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ListFileParserTest.class.getResource(name).toURI());
  }
}
