package io.isthmus.sip.header;

import static io.isthmus.sip.header.Text.assertRejected;
import static io.isthmus.sip.header.Text.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.uri.AbsoluteUri;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameAddressTest {

  private static NameAddress na(String value) throws Exception {
    return parse(NameAddress::parse, value);
  }

  private static SipUri sipUri(NameAddress na) {
    return (SipUri) na.uri();
  }

  @Test
  void quotedDisplayNameUriAndTag() throws Exception {
    NameAddress a = na("\"Alice Liddell\" <sip:alice@atlanta.example.com>;tag=1928301774");
    assertThat(a.displayName()).isEqualTo("Alice Liddell");
    assertThat(sipUri(a).user()).isEqualTo("alice");
    assertThat(a.tag()).isEqualTo("1928301774");
    assertThat(a.toString())
        .isEqualTo("\"Alice Liddell\" <sip:alice@atlanta.example.com>;tag=1928301774");
  }

  @Test
  void wsinvFoldedAddrSpecWithBlanksAroundEquals() throws Exception {
    // RFC 4475 §3.1.1.1: "TO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n"
    NameAddress to = na("\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
    assertThat(to.displayName()).isNull();
    assertThat(to.bracketed()).isFalse();
    assertThat(sipUri(to).host()).isEqualTo("chair-dnrc.example.com");
    assertThat(to.tag()).isEqualTo("1918181833n");
    assertThat(to.toString()).isEqualTo("sip:vivekg@chair-dnrc.example.com;tag=1918181833n");
  }

  @Test
  void wsinvEscapedQuotesInDisplayNameAndFoldedParameters() throws Exception {
    NameAddress from =
        na("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8");
    assertThat(from.displayName()).isEqualTo("J Rosenberg \\\"");
    assertThat(from.tag()).isEqualTo("98asjd8");
    NameAddress m =
        na(
            "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33");
    assertThat(m.displayName()).isEqualTo("Quoted string \"\"");
    assertThat(m.parameters().size()).isEqualTo(3);
    assertThat(m.parameter("newparam")).isEqualTo("newvalue");
    assertThat(m.parameters().contains("secondparam")).isTrue();
    assertThat(m.parameter("secondparam")).isNull();
    assertThat(m.parameter("q")).isEqualTo("0.33");
  }

  @Test
  void lwsdispTokenDisplayNameDirectlyBeforeTheBracket() throws Exception {
    // RFC 4475 §3.1.1.6.
    NameAddress from = na("caller<sip:caller@example.com>;tag=323");
    assertThat(from.displayName()).isEqualTo("caller");
    assertThat(sipUri(from).user()).isEqualTo("caller");
    assertThat(from.tag()).isEqualTo("323");
  }

  @Test
  void intmethControlCharactersEscapedInQuotedDisplayName() throws Exception {
    // RFC 4475 §3.1.1.2: To: "BEL:\<07> NUL:\<00> DEL:\<7F>" <sip:...crazy?,/;;*@example.com>
    NameAddress to =
        na(
            "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>");
    assertThat(to.displayName()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F");
    assertThat(sipUri(to).user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assertThat(to.toString()).startsWith("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:");
  }

  @Test
  void intmethTokenDisplayNameAndUtf8QuotedParameter() throws Exception {
    NameAddress from =
        na(
            "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.");
    assertThat(from.displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
    assertThat(from.parameter("fromParam''~+*_!.-%"))
        .isEqualTo("\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\"");
    assertThat(from.tag()).isEqualTo("_token~1'+`*%!-.");
  }

  @Test
  void esc02PercentInDisplayNameIsNotAnEscape() throws Exception {
    assertThat(na("\"%Z%45\" <sip:resource@example.com>").displayName()).isEqualTo("%Z%45");
  }

  @Test
  void quotbalUnterminatedQuoteIsRefusedAtTheEnd() {
    // RFC 4475 §3.1.2.6.
    String v = "\"Mr. J. User <sip:j.user@example.com>";
    assertRejected(NameAddress::parse, v, v.length(), "unterminated quoted string");
  }

  @Test
  void regbadctAddrSpecWithUriHeadersIsRefusedAtTheQuestionMark() {
    // RFC 4475 §3.1.2.13.
    assertRejected(
        NameAddress::parse,
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
        20,
        "must be enclosed in '<' '>'");
  }

  @Test
  void badaspecBlanksInsideTheBracketsAreRefused() {
    // RFC 4475 §3.1.2.14: decision = 400 at the first blank inside '<'.
    assertRejected(
        NameAddress::parse,
        "\"Watson, Thomas\" < sip:t.watson@example.org >",
        18,
        "whitespace inside");
  }

  @Test
  void baddnUnquotedDisplayNameWithCommaIsRefused() {
    // RFC 4475 §3.1.2.15.
    assertRejected(
        NameAddress::parse,
        "Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
        4,
        "must be quoted");
  }

  @Test
  void badinv01EmptyParametersAreRefused() {
    // RFC 4475 §3.1.2.1: Contact: "Joe" <sip:joe@example.org>;;;;
    assertRejected(
        NameAddress::parseList, "\"Joe\" <sip:joe@example.org>;;;;", 28, "parameter name");
  }

  @Test
  void cparam01ParameterAfterAddrSpecBelongsToTheHeader() throws Exception {
    // RFC 4475 §3.3.12.
    NameAddress c = na("sip:+19725552222@gw1.example.net;unknownparam");
    assertThat(sipUri(c).parameters().isEmpty()).isTrue();
    assertThat(c.parameters().contains("unknownparam")).isTrue();
  }

  @Test
  void cparam02ParameterInsideBracketsBelongsToTheUri() throws Exception {
    // RFC 4475 §3.3.13.
    NameAddress c = na("<sip:+19725552222@gw1.example.net;unknownparam>");
    assertThat(sipUri(c).parameters().contains("unknownparam")).isTrue();
    assertThat(c.parameters().isEmpty()).isTrue();
    assertThat(sipUri(c).user()).isEqualTo("+19725552222");
  }

  @Test
  void regescrtEscapedUriHeaderInsideBracketsIsKept() throws Exception {
    // RFC 4475 §3.3.14.
    NameAddress m = na("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
    assertThat(sipUri(m).headers().get("Route")).isEqualTo("%3Csip:sip.example.com%3E");
    assertThat(m.toString()).isEqualTo("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
  }

  @Test
  void unksm2OtherSchemesInAddresses() throws Exception {
    // RFC 4475 §3.3.4.
    assertThat(na("isbn:2983792873").uri()).isInstanceOf(AbsoluteUri.class);
    NameAddress from = na("<http://www.example.com>;tag=3234233");
    assertThat(from.uri().scheme()).isEqualTo("http");
    assertThat(from.tag()).isEqualTo("3234233");
    assertThat(na("<name:John_Smith>").uri().toString()).isEqualTo("name:John_Smith");
  }

  @Test
  void listSplitsOnCommasOutsideQuotesAndBrackets() throws Exception {
    List<NameAddress> route =
        parse(
            NameAddress::parseList,
            "\"a, b\" <sip:p1.example.com;lr>,\r\n <sip:p2.example.com;lr> , sip:p3.example.com");
    assertThat(route).hasSize(3);
    assertThat(route.get(0).displayName()).isEqualTo("a, b");
    assertThat(((SipUri) route.get(1).uri()).host()).isEqualTo("p2.example.com");
    assertThat(route.get(2).bracketed()).isFalse();
    Uri third = route.get(2).uri();
    assertThat(third.toString()).isEqualTo("sip:p3.example.com");
  }

  @Test
  void listRefusesEmptyElements() {
    assertRejected(NameAddress::parseList, "<sip:a@b>,,<sip:c@d>", 10, "expected a name-addr");
  }

  @Test
  void contactWildcardAndList() throws Exception {
    assertThat(parse(Contacts::parse, " * ")).isEqualTo(Contacts.WILDCARD);
    Contacts c = parse(Contacts::parse, "<sip:a@b>;expires=0;q=0.5, <sip:c@d>");
    assertThat(c.wildcard()).isFalse();
    assertThat(c.addresses()).hasSize(2);
    assertThat(c.addresses().get(0).parameter("expires")).isEqualTo("0");
    assertRejected(Contacts::parse, "*, <sip:a@b>", 1, "must be quoted");
  }

  @Test
  void withTagAddsTheToTag() throws Exception {
    NameAddress to = na("Bob <sip:bob@biloxi.example.com>");
    assertThat(to.withTag("a6c85cf").toString())
        .isEqualTo("Bob <sip:bob@biloxi.example.com>;tag=a6c85cf");
    assertThat(NameAddress.of("Say \"hi\"", to.uri()).toString())
        .isEqualTo("\"Say \\\"hi\\\"\" <sip:bob@biloxi.example.com>");
  }

  @Test
  void quotedParameterValuesAndIpv6Values() throws Exception {
    NameAddress c =
        na(
            "<sip:a@b>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";received=[2001:db8::1]");
    assertThat(c.parameter("+sip.instance"))
        .isEqualTo("\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
    assertThat(c.parameter("received")).isEqualTo("[2001:db8::1]");
  }

  @Test
  void trailingGarbageIsRefused() {
    assertRejected(NameAddress::parse, "<sip:a@b> x", 10, "unexpected character");
    assertRejected(NameAddress::parse, "\"x\" sip:a@b", 4, "expected '<'");
    assertRejected(NameAddress::parse, "<sip:a@b", 8, "expected '>'");
    assertRejected(NameAddress::parse, "", 0, "expected a name-addr");
    assertRejected(NameAddress::parse, "Alice", 5, "expected '<'");
  }
}
