package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.common.time.Clock;
import io.isthmus.proxy.auth.DigestAlgorithm;
import io.isthmus.proxy.auth.DigestAuthenticator;
import io.isthmus.proxy.auth.DigestSettings;
import io.isthmus.proxy.core.EdgeSecurity;
import io.isthmus.proxy.core.RouteSigner;
import io.isthmus.proxy.core.TrustedSources;
import io.isthmus.proxy.dispatcher.Algorithm;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.flood.FloodSettings;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's guards in the real proxy, public callers untrusted, gateways trusted by address:
 * digest authentication (407, then the call with credentials, the identity asserted to the
 * gateway), signed Record-Routes (a forged in-dialog BYE and a pre-loaded foreign Route refused
 * 403, never reaching a gateway or the relay), and a flooding source blocked while a caller passes.
 */
class EdgeChecksEndToEndTest {
  @TempDir Path dir;
  private EdgeFixture fx;
  private TestUserAgent gw1;
  private TestUserAgent gw2;
  private TestUserAgent caller;
  private FloodGuard flood;

  @BeforeEach
  void start() throws Exception {
    Path creds = dir.resolve("credentials");
    Files.writeString(
        creds,
        "alice:isthmus:MD5:"
            + DigestAlgorithm.MD5.ha1("alice", "isthmus", "alice-secret")
            + "\nalice:isthmus:SHA-256:"
            + DigestAlgorithm.SHA_256.ha1("alice", "isthmus", "alice-secret")
            + "\ncarol:isthmus:MD5:"
            + DigestAlgorithm.MD5.ha1("carol", "isthmus", "carol-secret")
            + "\n");
    DigestAuthenticator auth =
        DigestAuthenticator.load(
            new DigestSettings(
                "isthmus", creds, DigestSettings.DEFAULT_ALGORITHMS, Duration.ofMinutes(5)),
            Clock.system());
    gw1 = TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT);
    gw2 = TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT);
    caller = TestUserAgent.bind("caller", "127.0.1.100", UA_PORT);
    String sdp = Sdp.of("127.0.2.11", "bob", 27300, 27302, "sendrecv");
    gw1.script(TestUserAgent.Script.answer(sdp));
    gw2.script(TestUserAgent.Script.answer(sdp));
    fx =
        new EdgeFixture(
            ProxyFixture.DEFAULT_LIST,
            // algorithm 5: authenticated callers by user name, the others round robin
            DispatcherSettings.DEFAULTS.withAlgorithm(Algorithm.HASH_AUTH_USER),
            d -> {
              TrustedSources trusted = new TrustedSources(d, List.of());
              flood =
                  new FloodGuard(
                      Map.of(
                          "public",
                          new FloodSettings(
                              10,
                              20,
                              Duration.ofSeconds(60),
                              false,
                              4,
                              FloodSettings.KNOWN_SCANNERS)),
                      trusted,
                      Clock.system());
              return new EdgeSecurity(
                  Map.of(), Map.of("public", auth), flood, RouteSigner.random(), trusted);
            });
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
    caller.close();
    gw1.close();
    gw2.close();
  }

  private String invite(String callId, int cseq, String extra) {
    return Calls.invite(
            caller,
            "bob@127.0.1.1:25060",
            callId,
            Sdp.of("127.0.1.100", "alice", 26300, 26302, "sendrecv"))
        .replace("CSeq: 1 INVITE\n", "CSeq: " + cseq + " INVITE\n" + extra)
        .replace("branch=z9hG4bK-" + callId, "branch=z9hG4bK-" + callId + "-" + cseq);
  }

  private static String credentials(String user, String challenge) {
    Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
    assertThat(m.find()).isTrue();
    String nonce = m.group(1);
    String uri = "sip:bob@127.0.1.1:25060";
    String ha1 = DigestAlgorithm.MD5.ha1(user, "isthmus", user + "-secret");
    String ha2 = DigestAlgorithm.MD5.hex("INVITE:" + uri);
    String response = DigestAlgorithm.MD5.hex(ha1 + ":" + nonce + ":00000001:abc:auth:" + ha2);
    return "Proxy-Authorization: Digest username=\""
        + user
        + "\", realm=\"isthmus\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\", algorithm=MD5, cnonce=\"abc\", qop=auth, nc=00000001\n";
  }

  private long invitesAtGateways() {
    return gw1.count("INVITE") + gw2.count("INVITE");
  }

  /** 407, the call with credentials, the identity at the gateway, our signed Record-Routes. */
  private SipResponse authenticatedCall(String callId) {
    return authenticatedCall(callId, "alice");
  }

  private SipResponse authenticatedCall(String callId, String user) {
    long invitesBefore = invitesAtGateways();
    caller.send(invite(callId, 1, ""), PROXY_PUBLIC);
    SipResponse challenge = caller.awaitResponse(callId, "INVITE", 407, WAIT);
    List<String> offers = challenge.headerValues(HeaderName.PROXY_AUTHENTICATE);
    assertThat(offers).hasSize(2);
    assertThat(invitesAtGateways()).isEqualTo(invitesBefore);
    caller.send(invite(callId, 2, credentials(user, offers.get(1))), PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    TestUserAgent callee = invitedCalls(gw1).contains(callId) ? gw1 : gw2;
    SipRequest atGateway = callee.awaitRequest(callId, "INVITE", WAIT);
    assertThat(atGateway.headerValue(HeaderName.of("P-Asserted-Identity")))
        .contains("<sip:" + user + "@isthmus>");
    assertThat(atGateway.hasHeader(HeaderName.PROXY_AUTHORIZATION)).isFalse();
    assertThat(atGateway.headerValues(HeaderName.RECORD_ROUTE))
        .allMatch(rr -> rr.contains(";ih="))
        .hasSize(2);
    caller.send(caller.inDialog("ACK", ok, 2, null), PROXY_PUBLIC);
    assertThat(callee.awaitRequest(callId, "ACK", WAIT)).isNotNull();
    return ok;
  }

  @Test
  void anAuthenticatedCallerCallsAndHangsUpAlongItsSignedRoute() {
    SipResponse ok = authenticatedCall("edge-1");
    // the identity is in the call record (/api/calls), as the gateway got it (P-Asserted-Identity)
    assertThat(fx.proxy.calls())
        .filteredOn(c -> c.callId().equals("edge-1"))
        .extracting(io.isthmus.proxy.core.ProxyCall::callerIdentity)
        .containsExactly("alice@isthmus");
    caller.send(caller.inDialog("BYE", ok, 3, null), PROXY_PUBLIC);
    caller.awaitResponse("edge-1", "BYE", 200, WAIT);
    assertThat(gw1.count("BYE") + gw2.count("BYE")).isEqualTo(1);
  }

  /** The Call-IDs of the INVITEs {@code gateway} received (retransmissions counted once). */
  private static java.util.Set<String> invitedCalls(TestUserAgent gateway) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    for (var m : gateway.received()) {
      if (m instanceof SipRequest r && r.method().name().equals("INVITE")) {
        ids.add(r.headerValue(HeaderName.CALL_ID).orElseThrow());
      }
    }
    return ids;
  }

  @Test
  void algorithmFiveKeepsEachAuthenticatedUserOnTheGatewayItsNameHashesTo() {
    // set 2 in Kamailio's order for equal priorities (last line first): .12, .11;
    // ds_get_hash("alice") % 2 = 1 -> 127.0.2.11; ds_get_hash("carol") % 2 = 0 -> 127.0.2.12
    for (int i = 0; i < 3; i++) {
      authenticatedCall("alg5-alice-" + i, "alice");
      authenticatedCall("alg5-carol-" + i, "carol");
    }

    assertThat(invitedCalls(gw1)).containsExactly("alg5-alice-0", "alg5-alice-1", "alg5-alice-2");
    assertThat(invitedCalls(gw2)).containsExactly("alg5-carol-0", "alg5-carol-1", "alg5-carol-2");
    assertThat(fx.proxy.calls())
        .filteredOn(c -> c.callId().startsWith("alg5-carol-"))
        .extracting(io.isthmus.proxy.core.ProxyCall::callerIdentity)
        .containsExactly("carol@isthmus", "carol@isthmus", "carol@isthmus");
  }

  @Test
  void aForgedByeWithAMadeUpToTagIsRefusedAndNeverReachesAGateway() {
    SipResponse ok = authenticatedCall("edge-2");
    int sessions = fx.relay.callCount();
    long invites = invitesAtGateways();
    SipRequest real = caller.inDialog("BYE", ok, 3, null);
    String forged =
        new String(real.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n")
            .replaceAll("Call-ID: edge-2", "Call-ID: edge-2-forged")
            .replaceAll("(To: [^\n]*;tag=)[^;\n]+", "$1made-up");
    caller.send(forged, PROXY_PUBLIC);
    caller.awaitResponse("edge-2-forged", "BYE", 403, WAIT);
    String unsigned =
        new String(real.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n")
            .replaceAll(";ih=[A-Za-z0-9_-]+", "")
            .replaceAll("(To: [^\n]*;tag=)[^;\n]+", "$1made-up-too")
            .replace("branch=z9hG4bK-", "branch=z9hG4bK-u");
    caller.send(unsigned, PROXY_PUBLIC);
    SipResponse refused =
        (SipResponse)
            caller.await(
                m ->
                    m instanceof SipResponse r
                        && r.status() == 403
                        && r.headerValue(HeaderName.TO).orElse("").contains("made-up-too"),
                WAIT);
    assertThat(refused.headerValue(HeaderName.WARNING)).get().asString().contains("signature");
    assertThat(gw1.count("BYE") + gw2.count("BYE")).isZero();
    assertThat(invitesAtGateways()).isEqualTo(invites);
    assertThat(fx.relay.callCount())
        .as("relay sessions: none opened, none deleted")
        .isEqualTo(sessions);
    assertThat(fx.proxy.calls())
        .extracting(io.isthmus.proxy.core.ProxyCall::callId)
        .containsExactly("edge-2"); // the real call goes on
  }

  @Test
  void aPreloadedRouteToAForeignHostIsRefused() {
    int sessions = fx.relay.callCount();
    caller.send(invite("edge-3", 1, "Route: <sip:127.0.9.9:5060;lr>\n"), PROXY_PUBLIC);
    SipResponse r = caller.awaitResponse("edge-3", "INVITE", 403, WAIT);
    assertThat(r.headerValue(HeaderName.WARNING)).get().asString().contains("pre-loaded Route");
    assertThat(invitesAtGateways()).isZero();
    assertThat(fx.relay.callCount()).isEqualTo(sessions);
  }

  @Test
  void aForgedAckIsDroppedAndCounted() {
    SipResponse ok = authenticatedCall("edge-4");
    long before = fx.proxy.counters().droppedByCause().get("forged-route");
    String ack =
        new String(
                caller.inDialog("ACK", ok, 2, null).toBytes(),
                java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n")
            .replaceAll("Call-ID: edge-4", "Call-ID: edge-4-forged");
    long acks = gw1.count("ACK") + gw2.count("ACK");
    caller.send(ack, PROXY_PUBLIC);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.proxy.counters().droppedByCause().get("forged-route") == before
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(fx.proxy.counters().droppedByCause().get("forged-route")).isEqualTo(before + 1L);
    assertThat(gw1.count("ACK") + gw2.count("ACK")).isEqualTo(acks);
  }

  @Test
  void aFloodingSourceIsBlockedWhileAnotherCallerGetsThrough() throws Exception {
    try (TestUserAgent flooder = TestUserAgent.bind("flooder", "127.0.1.66", UA_PORT)) {
      long started = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        if (i % 20 == 19) {
          Thread.sleep(1); // >= 2,000/s, but paced so the kernel's socket buffer keeps them all
        }
        flooder.send(
            "OPTIONS sip:127.0.1.1:25060 SIP/2.0\nVia: SIP/2.0/UDP 127.0.1.66:25080;branch=z9hG4bK-f"
                + i
                + "\nMax-Forwards: 70\nFrom: <sip:f@127.0.1.66>;tag=f\nTo: <sip:127.0.1.1>\n"
                + "Call-ID: flood-"
                + i
                + "\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
            PROXY_PUBLIC);
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (flood.totals().refused() < 200 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(flood.blocked())
          .extracting(FloodGuard.Blocked::address)
          .containsExactly("127.0.1.66");
      assertThat(flood.totals().refused()).isGreaterThanOrEqualTo(200);
      long answered = flooder.received().stream().filter(m -> m instanceof SipResponse).count();
      assertThat(answered).isLessThanOrEqualTo(20 + (long) Math.ceil(10 * seconds));
      SipResponse ok = authenticatedCall("edge-5");
      assertThat(ok.status()).isEqualTo(200);
    }
  }
}
