package io.isthmus.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 12 IPv6 torture messages of RFC 5118 (src/test/resources/rfc5118, verdicts in its README):
 * the Request-URI and the Via, To, From, Contact, Call-ID, CSeq, Max-Forwards and Content-Length
 * values go through our parsers, with offsets relative to the whole message.
 */
class Rfc5118Test {

  /** Parses every header we own; returns the Request-URI. */
  private static SipUri parseAll(HeaderLines m) throws SipParseException {
    Uri ruri = Uri.parse(m.message, m.requestUriOffset, m.requestUriLength);
    for (HeaderLines.Field f : m.fields) {
      int o = f.valueOffset();
      int n = f.valueLength();
      switch (f.name().toLowerCase(java.util.Locale.ROOT)) {
        case "via" -> Via.parseList(m.message, o, n);
        case "to", "from" -> NameAddress.parse(m.message, o, n);
        case "contact" -> Contacts.parse(m.message, o, n);
        case "call-id" -> CallId.parse(m.message, o, n);
        case "cseq" -> CSeq.parse(m.message, o, n);
        case "max-forwards" -> MaxForwards.parse(m.message, o, n);
        case "content-length" -> ContentLength.parse(m.message, o, n);
        default -> {}
      }
    }
    return (SipUri) ruri;
  }

  private static HeaderLines load(String name) {
    return HeaderLines.load("/rfc5118/" + name + ".msg");
  }

  private static Via topVia(HeaderLines m) throws SipParseException {
    HeaderLines.Field f = m.first("Via");
    return Via.parseList(m.message, f.valueOffset(), f.valueLength()).getFirst();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ipv6-good", "port-ambiguous", "port-unambiguous", "via-received-param-with-delim",
        "via-received-param-no-delim", "ipv6-in-sdp", "mult-ip-in-header", "mult-ip-in-sdp",
        "ipv4-mapped-ipv6", "ipv6-correct-abnf-2-colons"
      })
  void validMessagesParse(String name) throws Exception {
    HeaderLines m = load(name);
    parseAll(m);
    assertThat(m.fields).hasSizeGreaterThanOrEqualTo(7);
  }

  @Test
  void ipv6GoodKeepsTheReferenceWithBrackets() throws Exception {
    SipUri ruri = parseAll(load("ipv6-good"));
    assertThat(ruri.host()).isEqualTo("[2001:db8::10]");
    assertThat(ruri.hostKind()).isEqualTo(Host.Kind.IPV6);
    assertThat(topVia(load("ipv6-good")).host()).isEqualTo("[2001:db8::9:1]");
  }

  @Test
  void ipv6BadIsRefusedAtTheUnbracketedAddress() {
    HeaderLines m = load("ipv6-bad");
    assertThatThrownBy(() -> parseAll(m))
        .isInstanceOfSatisfying(
            SipParseException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.offset()).isEqualTo("REGISTER sip:".length());
              assertThat(e.reason()).contains("RFC 5118");
            });
  }

  @Test
  void portAmbiguousHasNoPort() throws Exception {
    SipUri ruri = parseAll(load("port-ambiguous"));
    assertThat(ruri.host()).isEqualTo("[2001:db8::10:5070]");
    assertThat(ruri.port()).isEqualTo(-1);
  }

  @Test
  void portUnambiguousHasPort5070() throws Exception {
    SipUri ruri = parseAll(load("port-unambiguous"));
    assertThat(ruri.host()).isEqualTo("[2001:db8::10]");
    assertThat(ruri.port()).isEqualTo(5070);
  }

  @Test
  void receivedWithAndWithoutBracketsIsAccepted() throws Exception {
    assertThat(topVia(load("via-received-param-with-delim")).received())
        .isEqualTo("[2001:db8::9:255]");
    Via noDelim = topVia(load("via-received-param-no-delim"));
    assertThat(noDelim.received()).isEqualTo("2001:db8::9:255");
    assertThat(noDelim.branch()).isEqualTo("z9hG4bKas3");
  }

  @Test
  void multipleAddressFamiliesInVias() throws Exception {
    HeaderLines m = load("mult-ip-in-header");
    List<Via> vias = m.all("Via").stream().map(f -> parseVia(m, f)).toList();
    assertThat(vias).hasSize(3);
    assertThat(vias.get(0).host()).isEqualTo("[2001:db8::9:1]");
    assertThat(vias.get(0).port()).isEqualTo(6050);
    assertThat(vias.get(1).sentByHost().kind()).isEqualTo(Host.Kind.IPV4);
    assertThat(vias.get(2).transport()).isEqualTo("TCP");
    assertThat(vias.get(2).received()).isEqualTo("192.0.2.200");
  }

  @Test
  void ipv4MappedAddressesInViaAndContact() throws Exception {
    HeaderLines m = load("ipv4-mapped-ipv6");
    parseAll(m);
    Via top = topVia(m);
    assertThat(top.host()).isEqualTo("[::ffff:192.0.2.10]");
    assertThat(top.port()).isEqualTo(19823);
    HeaderLines.Field c = m.first("Contact");
    NameAddress contact = NameAddress.parse(m.message, c.valueOffset(), c.valueLength());
    assertThat(contact.displayName()).isEqualTo("T. desk phone");
    assertThat(((SipUri) contact.uri()).hostAddress().address())
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, 0, 2, 2);
  }

  @Test
  void threeColonReferenceIsRefusedTwoColonsAccepted() throws Exception {
    HeaderLines bad = load("ipv6-bug-abnf-3-colons");
    assertThatThrownBy(() -> parseAll(bad))
        .isInstanceOfSatisfying(
            SipParseException.class,
            e -> assertThat(e.offset()).isEqualTo("OPTIONS sip:user@[".length()));
    SipUri good = parseAll(load("ipv6-correct-abnf-2-colons"));
    assertThat(good.host()).isEqualTo("[2001:db8::192.0.2.1]");
    assertThat(good.hostAddress().address()[15]).isEqualTo((byte) 1);
  }

  private static Via parseVia(HeaderLines m, HeaderLines.Field f) {
    try {
      return Via.parseList(m.message, f.valueOffset(), f.valueLength()).getFirst();
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }
}
