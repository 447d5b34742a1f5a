package io.isthmus.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.testkit.FakeClock;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Digest authentication as RFC 3261 §22, RFC 2617 (qop=auth) and RFC 8760 say, with the client's
 * side computed here independently: the challenge, a good answer in MD5 and SHA-256, a wrong
 * password, a replayed nonce count, a stale nonce, a nonce minted for another source.
 */
class DigestAuthenticatorTest {
  private static final InetAddress CALLER = InetAddress.ofLiteral("127.0.1.100");
  private static final InetAddress OTHER = InetAddress.ofLiteral("127.0.1.200");
  private static final String URI = "sip:bob@127.0.1.1";
  private final FakeClock clock = new FakeClock();
  private final DigestAuthenticator auth;

  DigestAuthenticatorTest() throws IOException {
    Credentials creds =
        Credentials.parse(
            "test",
            List.of(
                "# alice, password alice-secret",
                "alice:isthmus:MD5:" + hex("MD5", "alice:isthmus:alice-secret"),
                "alice:isthmus:SHA-256:" + hex("SHA-256", "alice:isthmus:alice-secret")));
    auth =
        new DigestAuthenticator(
            new DigestSettings(
                "isthmus",
                Path.of("unused"),
                DigestSettings.DEFAULT_ALGORITHMS,
                Duration.ofSeconds(300)),
            creds,
            clock);
  }

  private static String hex(String alg, String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static SipRequest invite(String authorization) {
    return (SipRequest)
        TestUserAgent.parse(
            "INVITE "
                + URI
                + " SIP/2.0\nVia: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-1\n"
                + "Max-Forwards: 70\nFrom: <sip:alice@isthmus>;tag=a\nTo: <sip:bob@127.0.1.1>\n"
                + "Call-ID: auth-1\nCSeq: 1 INVITE\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\n")
                + "Content-Length: 0\n\n");
  }

  private static String nonceOf(AuthResult r) {
    String v = ((AuthResult.Challenge) r).proxyAuthenticate().getFirst();
    Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(v);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** What a UA sends: RFC 2617 §3.2.2.1 with qop=auth. */
  private static String credentials(String alg, String password, String nonce, String nc) {
    String jdk = alg.equals("MD5") ? "MD5" : "SHA-256";
    String ha1 = hex(jdk, "alice:isthmus:" + password);
    String ha2 = hex(jdk, "INVITE:" + URI);
    String response = hex(jdk, ha1 + ":" + nonce + ":" + nc + ":c0ffee:auth:" + ha2);
    return "Digest username=\"alice\", realm=\"isthmus\", nonce=\""
        + nonce
        + "\", uri=\""
        + URI
        + "\", response=\""
        + response
        + "\", algorithm="
        + alg
        + ", cnonce=\"c0ffee\", qop=auth, nc="
        + nc;
  }

  @Test
  void aRequestWithoutCredentialsIsChallengedWithSha256FirstThenMd5() {
    AuthResult r = auth.check(invite(null), CALLER);
    assertThat(r).isInstanceOf(AuthResult.Challenge.class);
    List<String> values = ((AuthResult.Challenge) r).proxyAuthenticate();
    assertThat(values).hasSize(2);
    assertThat(values.get(0)).startsWith("Digest realm=\"isthmus\"").contains("algorithm=SHA-256");
    assertThat(values.get(1)).contains("algorithm=MD5").contains("qop=\"auth\"");
    assertThat(values.get(0)).doesNotContain("stale");
    assertThat(((AuthResult.Challenge) r).failure()).isEqualTo(AuthResult.Failure.NONE);
  }

  @Test
  void goodCredentialsPassInMd5AndSha256() {
    String nonce = nonceOf(auth.check(invite(null), CALLER));
    assertThat(auth.check(invite(credentials("MD5", "alice-secret", nonce, "00000001")), CALLER))
        .isEqualTo(new AuthResult.Authenticated("alice", "isthmus"));
    assertThat(
            auth.check(invite(credentials("SHA-256", "alice-secret", nonce, "00000002")), CALLER))
        .isEqualTo(new AuthResult.Authenticated("alice", "isthmus"));
    assertThat(auth.successes()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordIsChallengedAgainWithAFreshNonce() {
    String nonce = nonceOf(auth.check(invite(null), CALLER));
    AuthResult r = auth.check(invite(credentials("MD5", "guess", nonce, "00000001")), CALLER);
    assertThat(((AuthResult.Challenge) r).failure())
        .isEqualTo(AuthResult.Failure.WRONG_CREDENTIALS);
    assertThat(((AuthResult.Challenge) r).proxyAuthenticate().getFirst()).doesNotContain("stale");
    assertThat(auth.failures(AuthResult.Failure.WRONG_CREDENTIALS)).isEqualTo(1);
  }

  @Test
  void aReplayedNonceCountIsRefused() {
    String nonce = nonceOf(auth.check(invite(null), CALLER));
    String creds = credentials("MD5", "alice-secret", nonce, "00000001");
    assertThat(auth.check(invite(creds), CALLER)).isInstanceOf(AuthResult.Authenticated.class);
    AuthResult again = auth.check(invite(creds), CALLER);
    assertThat(((AuthResult.Challenge) again).failure()).isEqualTo(AuthResult.Failure.REPLAYED);
    // a higher count on the same nonce is the UA's next request: fine
    assertThat(auth.check(invite(credentials("MD5", "alice-secret", nonce, "00000002")), CALLER))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void goodCredentialsOnAnExpiredNonceGetStaleTrue() {
    String nonce = nonceOf(auth.check(invite(null), CALLER));
    clock.advance(Duration.ofSeconds(301));
    AuthResult r =
        auth.check(invite(credentials("MD5", "alice-secret", nonce, "00000001")), CALLER);
    assertThat(((AuthResult.Challenge) r).failure()).isEqualTo(AuthResult.Failure.STALE);
    assertThat(((AuthResult.Challenge) r).proxyAuthenticate())
        .allMatch(v -> v.endsWith(", stale=true"));
    String fresh = nonceOf(r);
    assertThat(auth.check(invite(credentials("MD5", "alice-secret", fresh, "00000001")), CALLER))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void aNonceMintedForAnotherSourceIsRefused() {
    String nonce = nonceOf(auth.check(invite(null), OTHER));
    AuthResult r =
        auth.check(invite(credentials("MD5", "alice-secret", nonce, "00000001")), CALLER);
    assertThat(((AuthResult.Challenge) r).failure()).isEqualTo(AuthResult.Failure.BAD_NONCE);
  }

  @Test
  void aDigestUriForAnotherHostIsMalformed() {
    String nonce = nonceOf(auth.check(invite(null), CALLER));
    String creds =
        credentials("MD5", "alice-secret", nonce, "00000001")
            .replace("uri=\"" + URI + "\"", "uri=\"sip:bob@127.0.9.9\"");
    AuthResult r = auth.check(invite(creds), CALLER);
    assertThat(((AuthResult.Challenge) r).failure()).isEqualTo(AuthResult.Failure.MALFORMED);
  }

  @Test
  void aBadCredentialsLineNamesFileAndLine() {
    assertThatThrownBy(() -> Credentials.parse("creds.txt", List.of("", "alice:isthmus:MD5:xyz")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("creds.txt:2:");
  }
}
