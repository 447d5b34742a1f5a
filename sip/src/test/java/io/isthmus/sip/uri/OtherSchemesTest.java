package io.isthmus.sip.uri;

import static io.isthmus.sip.uri.Bytes.PAD;
import static io.isthmus.sip.uri.Bytes.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import org.junit.jupiter.api.Test;

class OtherSchemesTest {

  @Test
  void unkscmUnknownSchemeIsKeptOpaque() throws Exception {
    // RFC 4475 §3.3.2: parses; the proxy answers 416.
    Uri u = uri("nobodyKnowsThisScheme:totallyopaquecontent");
    assertThat(u).isInstanceOf(AbsoluteUri.class);
    assertThat(u.scheme()).isEqualTo("nobodyknowsthisscheme");
    assertThat(((AbsoluteUri) u).opaque()).isEqualTo("totallyopaquecontent");
    assertThat(u.toString()).isEqualTo("nobodyKnowsThisScheme:totallyopaquecontent");
  }

  @Test
  void novelscAndUnksm2SchemesParse() throws Exception {
    // RFC 4475 §3.3.3 and §3.3.4.
    assertThat(uri("soap.beep://192.0.2.103:3002").scheme()).isEqualTo("soap.beep");
    assertThat(uri("isbn:2983792873").toString()).isEqualTo("isbn:2983792873");
    assertThat(uri("http://www.example.com").scheme()).isEqualTo("http");
    assertThat(uri("name:John_Smith")).isInstanceOf(AbsoluteUri.class);
  }

  @Test
  void absoluteUriComparesSchemeIgnoringCaseAndTextExactly() throws Exception {
    assertThat(uri("ISBN:1").equivalentTo(uri("isbn:1"))).isTrue();
    assertThat(uri("isbn:a").equivalentTo(uri("isbn:A"))).isFalse();
  }

  @Test
  void absoluteUriRefusesBlanksAndEmptyBody() {
    assertThatThrownBy(() -> uri("isbn:12 34"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(PAD + 7));
    assertThatThrownBy(() -> uri("isbn:"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(PAD + 5));
  }

  @Test
  void telUriGlobalAndLocalNumbers() throws Exception {
    TelUri global = (TelUri) uri("tel:+1-201-555-0123;ext=1234");
    assertThat(global.global()).isTrue();
    assertThat(global.number()).isEqualTo("+1-201-555-0123");
    assertThat(global.digits()).isEqualTo("+12015550123");
    assertThat(global.parameters().get("ext")).isEqualTo("1234");
    TelUri local = (TelUri) uri("tel:7042;phone-context=example.com");
    assertThat(local.global()).isFalse();
    assertThat(local.phoneContext()).isEqualTo("example.com");
    assertThat(local.toString()).isEqualTo("tel:7042;phone-context=example.com");
  }

  @Test
  void telUriEquivalenceIgnoresVisualSeparatorsAndParameterOrder() throws Exception {
    assertThat(uri("tel:+1-201-555-0123;a=1;b=2").equivalentTo(uri("TEL:+1.201.555.0123;b=2;A=1")))
        .isTrue();
    assertThat(uri("tel:+12015550123").equivalentTo(uri("tel:+12015550124"))).isFalse();
    assertThat(uri("tel:+12015550123").equivalentTo(uri("tel:+12015550123;ext=1"))).isFalse();
  }

  @Test
  void telUriErrors() {
    assertThatThrownBy(() -> uri("tel:+"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(PAD + 5));
    assertThatThrownBy(() -> uri("tel:123;=x"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(PAD + 8));
    assertThatThrownBy(() -> uri("tel:123 4"))
        .isInstanceOfSatisfying(
            SipParseException.class, e -> assertThat(e.offset()).isEqualTo(PAD + 7));
  }
}
