package io.isthmus.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 3261 §19.1.4, plus the escaping and IPv6 cases. */
class SipUriEquivalenceTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sip:%61lice@atlanta.com;transport=TCP|sip:alice@AtLanTa.CoM;Transport=tcp",
        "sip:carol@chicago.com|sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com;security=on|sip:carol@chicago.com;newparam=5",
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com"
            + "|sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent"
            + "|sip:alice@atlanta.com?priority=urgent&subject=project%20x",
        "sip:[2001:db8::10]|sip:[2001:DB8:0:0:0:0:0:10]",
        "sip:host;%6C%72|sip:host;lr",
        "sip:a@host;lr|sip:a@host",
      })
  void equivalent(String a, String b) throws Exception {
    assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isTrue();
    assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SIP:ALICE@AtLanTa.CoM;Transport=udp|sip:alice@AtLanTa.CoM;Transport=UDP",
        "sip:bob@biloxi.com|sip:bob@biloxi.com:5060",
        "sip:bob@biloxi.com|sip:bob@biloxi.com;transport=udp",
        "sip:bob@biloxi.com|sip:bob@biloxi.com:6000;transport=tcp",
        "sip:carol@chicago.com|sip:carol@chicago.com?Subject=next%20meeting",
        "sip:bob@phone21.boxesbybob.com|sip:bob@192.0.2.4",
        "sip:alice@atlanta.com|sips:alice@atlanta.com",
        "sip:a%3Bb@host|sip:a;b@host",
        "sip:host;ttl=1|sip:host",
        "sip:host;maddr=192.0.2.1|sip:host",
        "sip:host;user=phone|sip:host",
        "sip:host;method=INVITE|sip:host",
        "sip:host;foo=1|sip:host;foo=2",
        "sip:host;foo|sip:host;foo=2",
        "sip:a:pw@host|sip:a@host",
        "sip:[::1]|sip:127.0.0.1",
      })
  void notEquivalent(String a, String b) throws Exception {
    assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).isFalse();
    assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).isFalse();
  }
}
