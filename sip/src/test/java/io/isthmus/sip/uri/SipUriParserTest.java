package io.isthmus.sip.uri;

import static io.isthmus.sip.uri.Bytes.PAD;
import static io.isthmus.sip.uri.Bytes.sip;
import static io.isthmus.sip.uri.Bytes.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SipUriParserTest {

  @Test
  void parsesEveryComponentInOrder() throws Exception {
    SipUri u =
        sip(
            "sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1;ttl=15?subject=project%20x&priority=urgent");
    assertThat(u.secure()).isTrue();
    assertThat(u.scheme()).isEqualTo("sips");
    assertThat(u.user()).isEqualTo("alice");
    assertThat(u.password()).isEqualTo("secret");
    assertThat(u.host()).isEqualTo("atlanta.example.com");
    assertThat(u.hostKind()).isEqualTo(Host.Kind.DOMAIN);
    assertThat(u.port()).isEqualTo(5061);
    assertThat(u.transport()).isEqualTo("tcp");
    assertThat(u.looseRouting()).isTrue();
    assertThat(u.maddr()).isEqualTo("239.255.255.1");
    assertThat(u.ttl()).isEqualTo(15);
    assertThat(u.parameters().size()).isEqualTo(4);
    assertThat(u.parameters().name(1)).isEqualTo("lr");
    assertThat(u.parameters().value(1)).isNull();
    assertThat(u.headers().get("subject")).isEqualTo("project%20x");
    assertThat(u.headers().name(1)).isEqualTo("priority");
    assertThat(u.toString())
        .isEqualTo(
            "sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1;ttl=15?subject=project%20x&priority=urgent");
  }

  @Test
  void hostOnlyUriHasNoUserAndNoPort() throws Exception {
    SipUri u = sip("sip:example.com");
    assertThat(u.user()).isNull();
    assertThat(u.port()).isEqualTo(-1);
    assertThat(u.parameters().isEmpty()).isTrue();
    assertThat(u.looseRouting()).isFalse();
  }

  @Test
  void schemeIsCaseInsensitiveAndCanonicalisedToLowerCase() throws Exception {
    SipUri u = sip("SIP:ALICE@AtLanTa.CoM;Transport=udp");
    assertThat(u.secure()).isFalse();
    assertThat(u.user()).isEqualTo("ALICE");
    assertThat(u.transport()).isEqualTo("udp");
    assertThat(u.toString()).isEqualTo("sip:ALICE@AtLanTa.CoM;Transport=udp");
  }

  @Test
  void esc01DecodesEscapesOnceAndOnlyWhereTheGrammarAllows() throws Exception {
    // RFC 4475 §3.1.1.3: Request-URI user holds an escaped sips URI.
    SipUri ruri = sip("sip:sips%3Auser%40example.com@example.net");
    assertThat(ruri.user()).isEqualTo("sips%3Auser%40example.com");
    assertThat(ruri.userDecoded()).isEqualTo("sips:user@example.com");
    assertThat(ruri.host()).isEqualTo("example.net");
    // Contact URI: escaped parameter name "lr" and value%2541 -> value%41 (not valueA).
    SipUri contact = sip("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
    assertThat(contact.userDecoded()).isEqualTo("caller");
    assertThat(contact.looseRouting()).isTrue();
    assertThat(contact.parameter("name")).isEqualTo("v%61lue%25%34%31");
    assertThat(Escapes.decode(contact.parameter("name"))).isEqualTo("value%41");
    assertThat(Escapes.decode(contact.parameter("name"))).isNotEqualTo("valueA");
    assertThat(sip("sip:%75se%72@example.com").equivalentTo(sip("sip:user@example.com"))).isTrue();
    assertThat(sip("sip:I%20have%20spaces@example.net").userDecoded()).isEqualTo("I have spaces");
  }

  @Test
  void escnullKeepsEscapedNulWithoutTruncating() throws Exception {
    // RFC 4475 §3.1.1.4: %00 must not truncate; two contacts %00 and %00%00 differ.
    SipUri one = sip("sip:null-%00-null@example.com");
    assertThat(one.userDecoded()).isEqualTo("null-\u0000-null").hasSize(11);
    SipUri a = sip("sip:%00@host5.example.com");
    SipUri b = sip("sip:%00%00@host5.example.com");
    assertThat(a.userDecoded()).isEqualTo("\u0000");
    assertThat(b.userDecoded()).isEqualTo("\u0000\u0000");
    assertThat(a.equivalentTo(b)).isFalse();
  }

  @Test
  void semiuriUserPartHoldsSemicolonAndEscapedAt() throws Exception {
    // RFC 4475 §3.1.1.9.
    SipUri u = sip("sip:user;par=u%40example.net@example.com");
    assertThat(u.user()).isEqualTo("user;par=u%40example.net");
    assertThat(u.userDecoded()).isEqualTo("user;par=u@example.net");
    assertThat(u.host()).isEqualTo("example.com");
    assertThat(u.parameters().isEmpty()).isTrue();
  }

  @Test
  void intmethOddButLegalRequestUri() throws Exception {
    // RFC 4475 §3.1.1.2.
    SipUri u =
        sip(
            "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
    assertThat(u.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assertThat(u.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assertThat(u.host()).isEqualTo("example.com");
    assertThat(u.headers().isEmpty()).isTrue();
  }

  @Test
  void longreqLongParameterValuesAreKept() throws Exception {
    // RFC 4475 §3.1.1.7 uses parameter names and values hundreds of bytes long.
    String longName = "unknownparam" + "x".repeat(300);
    String longValue = "v".repeat(900);
    SipUri u = sip("sip:user@example.com;" + longName + "=" + longValue);
    assertThat(u.parameter(longName)).isEqualTo(longValue);
  }

  @Test
  void ipv6ReferenceKeepsBracketsAndSeparatesThePort() throws Exception {
    // RFC 5118 §4.3 and §4.4.
    SipUri ambiguous = sip("sip:[2001:db8::10:5070]");
    assertThat(ambiguous.host()).isEqualTo("[2001:db8::10:5070]");
    assertThat(ambiguous.hostKind()).isEqualTo(Host.Kind.IPV6);
    assertThat(ambiguous.port()).isEqualTo(-1);
    SipUri unambiguous = sip("sip:[2001:db8::10]:5070");
    assertThat(unambiguous.host()).isEqualTo("[2001:db8::10]");
    assertThat(unambiguous.port()).isEqualTo(5070);
    assertThat(sip("sip:user@[::ffff:192.0.2.2]").hostKind()).isEqualTo(Host.Kind.IPV6);
    assertThat(sip("sip:192.0.2.4:5060").hostKind()).isEqualTo(Host.Kind.IPV4);
  }

  @Test
  void unbracketedIpv6IsRefusedAtTheAddress() {
    // RFC 5118 §4.2: "sip:2001:db8::10" -> 400, offset of the address.
    assertError("sip:2001:db8::10", 4, "IPv6 address must be enclosed");
  }

  @Test
  void threeColonIpv6FromTheRfc3261AbnfBugIsRefused() {
    // RFC 5118 §4.10: decision = 400 (RFC 4291 / RFC 5954 grammar).
    assertError("sip:user@[2001:db8:::192.0.2.1]", 10, "invalid IPv6 address");
  }

  @Test
  void angleBracketsAroundARequestUriAreRefused() {
    // RFC 4475 §3.1.2.7 ltgtruri.
    assertError("<sip:user@example.com>", 0, "enclosed");
  }

  @Test
  void embeddedWhitespaceIsRefusedAtTheBlank() {
    // RFC 4475 §3.1.2.8 lwsruri: "sip:user@example.com; lr".
    assertError("sip:user@example.com; lr", 21, "empty URI parameter name");
    assertError("sip:user@exa mple.com", 12, "whitespace");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sip:|4|expected host",
        "sip:@example.com|4|empty user",
        "sip:user@|9|expected host",
        "sip:host:|9|expected port",
        "sip:host:65536|9|port out of range",
        "sip:host;=x|9|empty URI parameter name",
        "sip:host;a=|11|empty URI parameter value",
        "sip:host?x|10|expected '='",
        "sip:us%4gr@host|6|two hex digits",
        "sip:us%4|6|incomplete",
        "sip:999.1.1.1|4|invalid IPv4",
        "sip:-bad.example.com|4|starts with '-'",
        "sip:a..b|6|empty label",
        "sip:[::1|8|expected ']'",
        "sip:host>|8|not allowed",
        "sip\u0020user@host|3|expected ':'",
        "1sip:x|0|scheme",
      })
  void reportsTheOffsetOfTheFirstBadByte(String text, int offset, String reason) {
    assertError(text, offset, reason);
  }

  private static void assertError(String text, int offset, String reason) {
    assertThatThrownBy(() -> uri(text))
        .isInstanceOfSatisfying(
            SipParseException.class,
            e -> {
              assertThat(e.offset()).as("offset").isEqualTo(PAD + offset);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.reason()).contains(reason);
            });
  }
}
