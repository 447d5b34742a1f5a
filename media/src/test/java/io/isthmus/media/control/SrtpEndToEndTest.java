package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpSuite;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SDES-SRTP terminated by the relay, with real packets: an SRTP party on the public network
 * (127.0.1.100, using {@link TestSrtp}, an implementation independent of the relay's) and a plain
 * RTP party on the private network (127.0.2.100).
 */
class SrtpEndToEndTest extends ControlTestSupport {
  static final Duration WAIT = Duration.ofSeconds(3);
  static final HexFormat HEX = HexFormat.of();

  Peer alice;
  Peer aliceRtcp;
  Peer bob;
  Peer bobRtcp;

  @BeforeEach
  void peers() throws Exception {
    alice = new Peer("127.0.1.100");
    aliceRtcp = new Peer("127.0.1.100");
    bob = new Peer("127.0.2.100");
    bobRtcp = new Peer("127.0.2.100");
  }

  @AfterEach
  void closePeers() {
    for (Peer p : List.of(alice, aliceRtcp, bob, bobRtcp)) {
      p.close();
    }
  }

  @Test
  void theTestEndpointReproducesLibsrtpsReferencePacket() {
    // libsrtp srtp_driver.c: master key/salt of RFC 3711 B.3, SSRC 0xCAFEBABE, seq 0x1234.
    TestSrtp t =
        new TestSrtp(
            HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139"),
            HEX.parseHex("0ec675ad498afeebb6960b3aabe6"),
            10);
    byte[] plain = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    assertThat(HEX.formatHex(t.protectRtp(plain)))
        .isEqualTo("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
  }

  static String sdp(String name, String ip, Peer rtp, Peer rtcp, String proto, String extra) {
    return crlf(
        "v=0\no="
            + name
            + " 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + rtp.port()
            + " "
            + proto
            + " 0\na=rtcp:"
            + rtcp.port()
            + "\n"
            + extra);
  }

  static byte[] key30(int seed) {
    byte[] k = new byte[30];
    for (int i = 0; i < 30; i++) {
      k[i] = (byte) (seed * 31 + i * 7);
    }
    return k;
  }

  static TestSrtp endpoint(byte[] keyAndSalt, int tag) {
    return new TestSrtp(Arrays.copyOf(keyAndSalt, 16), Arrays.copyOfRange(keyAndSalt, 16, 30), tag);
  }

  /** The inline key of the a=crypto line for {@code suite} in {@code sdp}, decoded. */
  static String cryptoLine(String sdp, String suite) {
    Matcher m = Pattern.compile("(?m)^a=crypto:(\\d+) " + suite + " inline:(\\S+)$").matcher(sdp);
    assertThat(m.find()).as("a=crypto line for %s in\n%s", suite, sdp).isTrue();
    return m.group(1) + " " + m.group(2);
  }

  @Test
  void srtpOffererTalksToAPlainAnswererThroughTheRelay() throws Exception {
    byte[] aliceKey = key30(1);
    String offer =
        sdp(
            "alice",
            "127.0.1.100",
            alice,
            aliceRtcp,
            "RTP/SAVP",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(aliceKey)
                + "|2^20|1:4\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:"
                + Base64.getEncoder().encodeToString(key30(2))
                + "\n");
    String toBob =
        sdp(
            ok(
                Ng.offer("s1", "a", offer)
                    .direction("public", "private")
                    .put("transport-protocol", "RTP/AVP")));
    assertThat(toBob).contains("RTP/AVP 0").doesNotContain("a=crypto");
    int priv = port(toBob, 0);
    String toAlice =
        sdp(ok(Ng.answer("s1", "a", "b", sdp("bob", "127.0.2.100", bob, bobRtcp, "RTP/AVP", ""))));
    assertThat(toAlice).contains("RTP/SAVP 0");
    assertThat(toAlice.lines().filter(l -> l.startsWith("a=crypto")).count()).isEqualTo(1);
    String[] relay = cryptoLine(toAlice, "AES_CM_128_HMAC_SHA1_80").split(" ");
    assertThat(relay[0]).as("the offerer's tag for the first suite").isEqualTo("1");
    assertThat(relay[1]).as("the relay's own key, no lifetime or MKI").doesNotContain("|");
    int pub = port(toAlice, 0);
    TestSrtp aliceTx = endpoint(aliceKey, 10);
    TestSrtp aliceRx = endpoint(Base64.getDecoder().decode(relay[1]), 10);

    // alice -> bob: SRTP in (with the 4-byte MKI her key parameters announced), plain RTP out.
    byte[] a1 = Packets.rtp(0, 100, 8000, 0x11111111L, 160, 1);
    alice.send(withMki(aliceTx.protectRtp(a1), 10), "127.0.1.1", pub);
    assertThat(bob.receive(WAIT).data()).isEqualTo(a1);
    // bob -> alice: plain in, SRTP out under the relay's key.
    byte[] b1 = Packets.rtp(0, 200, 16000, 0x22222222L, 160, 2);
    bob.send(b1, "127.0.2.1", priv);
    Peer.Received got = alice.receive(WAIT);
    assertThat(got.data()).hasSize(b1.length + 10);
    assertThat(aliceRx.unprotectRtp(got.data())).isEqualTo(b1);

    // RTCP both ways: SRTCP from alice, plain from bob.
    byte[] rrA = Packets.receiverReport(0x11111111L, 0x22222222L, 10, 1, 30);
    aliceRtcp.send(withMki(aliceTx.protectRtcp(rrA, 0), 10), "127.0.1.1", pub + 1);
    assertThat(bobRtcp.receive(WAIT).data()).isEqualTo(rrA);
    byte[] rrB = Packets.receiverReport(0x22222222L, 0x11111111L, 20, 2, 40);
    bobRtcp.send(rrB, "127.0.2.1", priv + 1);
    assertThat(aliceRx.unprotectRtcp(aliceRtcp.receive(WAIT).data())).isEqualTo(rrB);

    // A tampered SRTP packet is dropped and counted as an error on alice's stream.
    byte[] forged = withMki(aliceTx.protectRtp(Packets.rtp(0, 101, 8160, 0x11111111L, 160, 3)), 10);
    forged[30] ^= 0x01;
    alice.send(forged, "127.0.1.1", pub);
    byte[] a2 = Packets.rtp(0, 102, 8320, 0x11111111L, 160, 4);
    alice.send(withMki(aliceTx.protectRtp(a2), 10), "127.0.1.1", pub);
    assertThat(bob.receive(WAIT).data())
        .as("the next genuine packet, not the forgery")
        .isEqualTo(a2);
    NgResponse q = ok(Ng.command("query").put("call-id", "s1"));
    BDict media =
        (BDict) ((BList) ((BDict) ((BDict) q.body().get("tags")).get("a")).get("medias")).get(0);
    BDictView rtp = BDictView.of((BDict) ((BList) media.get("streams")).get(0));
    assertThat(rtp.number("stats", "errors")).isEqualTo(1);
    assertThat(rtp.number("stats", "packets")).isEqualTo(2);
    assertThat(media.get("flags").toString()).contains("SDES");
  }

  @Test
  void anSrtpOfferGoingOnAsSrtpKeepsTheOfferersLinesAndAppendsTheRelaysSuites() throws Exception {
    // alice (public) and bob (private) both speak SRTP; no transport-protocol (rtpengine 10.5).
    byte[] aliceKey = key30(5);
    String offer =
        sdp(
            "alice",
            "127.0.1.100",
            alice,
            aliceRtcp,
            "RTP/SAVP",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(aliceKey)
                + "|2^20|1:4\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:"
                + Base64.getEncoder().encodeToString(key30(6))
                + "\n");
    String toBob = sdp(ok(Ng.offer("s5", "a", offer).direction("public", "private")));
    List<String> lines = toBob.lines().filter(l -> l.startsWith("a=crypto:")).toList();
    assertThat(lines).hasSize(12);
    assertThat(lines.get(0))
        .as("the offerer's line: lifetime dropped, MKI kept")
        .isEqualTo(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(aliceKey)
                + "|1:4");
    assertThat(lines.get(1)).startsWith("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:");
    assertThat(lines.subList(2, 12).stream().map(l -> l.split(" ")[0] + " " + l.split(" ")[1]))
        .containsExactly(
            "a=crypto:3 AEAD_AES_256_GCM",
            "a=crypto:4 AEAD_AES_128_GCM",
            "a=crypto:5 AES_256_CM_HMAC_SHA1_80",
            "a=crypto:6 AES_256_CM_HMAC_SHA1_32",
            "a=crypto:7 AES_192_CM_HMAC_SHA1_80",
            "a=crypto:8 AES_192_CM_HMAC_SHA1_32",
            "a=crypto:9 F8_128_HMAC_SHA1_80",
            "a=crypto:10 F8_128_HMAC_SHA1_32",
            "a=crypto:11 NULL_HMAC_SHA1_80",
            "a=crypto:12 NULL_HMAC_SHA1_32");
    int priv = port(toBob, 0);

    // bob picks alice's tag 1: their own SRTP session, which the relay passes through untouched.
    byte[] bobKey = key30(7);
    String bobLine =
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(bobKey);
    String toAlice =
        sdp(
            ok(
                Ng.answer(
                    "s5",
                    "a",
                    "b",
                    sdp("bob", "127.0.2.100", bob, bobRtcp, "RTP/SAVP", bobLine + "\n"))));
    assertThat(toAlice.lines().filter(l -> l.startsWith("a=crypto:")).toList())
        .containsExactly(bobLine);
    int pub = port(toAlice, 0);
    byte[] srtp = endpoint(aliceKey, 10).protectRtp(Packets.rtp(0, 7, 800, 0x33L, 160, 5));
    alice.send(srtp, "127.0.1.1", pub);
    assertThat(bob.receive(WAIT).data()).as("forwarded as sent").isEqualTo(srtp);
    byte[] back = endpoint(bobKey, 10).protectRtp(Packets.rtp(0, 9, 900, 0x44L, 160, 6));
    bob.send(back, "127.0.2.1", priv);
    assertThat(alice.receive(WAIT).data()).isEqualTo(back);
  }

  @Test
  void anSrtpAnswerPickingARelaySuiteHasTheRelayTerminateBothSides() throws Exception {
    byte[] aliceKey = key30(8);
    String offer =
        sdp(
            "alice",
            "127.0.1.100",
            alice,
            aliceRtcp,
            "RTP/SAVP",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:"
                + Base64.getEncoder().encodeToString(aliceKey)
                + "\n");
    String toBob = sdp(ok(Ng.offer("s6", "a", offer).direction("public", "private")));
    String[] relayToBob = cryptoLine(toBob, "AES_CM_128_HMAC_SHA1_80").split(" ");
    assertThat(relayToBob[0])
        .as("tagged after the offerer's 1, in rtpengine's order")
        .isEqualTo("8");
    int priv = port(toBob, 0);
    byte[] bobKey = key30(9);
    String toAlice =
        sdp(
            ok(
                Ng.answer(
                    "s6",
                    "a",
                    "b",
                    sdp(
                        "bob",
                        "127.0.2.100",
                        bob,
                        bobRtcp,
                        "RTP/SAVP",
                        "a=crypto:8 AES_CM_128_HMAC_SHA1_80 inline:"
                            + Base64.getEncoder().encodeToString(bobKey)
                            + "\n"))));
    String[] relayToAlice = cryptoLine(toAlice, "AES_CM_128_HMAC_SHA1_32").split(" ");
    assertThat(relayToAlice[0]).isEqualTo("1");
    assertThat(relayToAlice[1]).isNotEqualTo(Base64.getEncoder().encodeToString(aliceKey));
    int pub = port(toAlice, 0);

    // alice -> bob: decrypted with alice's key, encrypted with the relay's line bob picked.
    byte[] a1 = Packets.rtp(0, 100, 8000, 0x11111111L, 160, 1);
    alice.send(endpoint(aliceKey, 4).protectRtp(a1), "127.0.1.1", pub);
    TestSrtp bobRx = endpoint(Base64.getDecoder().decode(relayToBob[1]), 10);
    assertThat(bobRx.unprotectRtp(bob.receive(WAIT).data())).isEqualTo(a1);
    // bob -> alice: decrypted with bob's key, encrypted with the relay's key of the answer.
    byte[] b1 = Packets.rtp(0, 200, 16000, 0x22222222L, 160, 2);
    bob.send(endpoint(bobKey, 10).protectRtp(b1), "127.0.2.1", priv);
    TestSrtp aliceRx = endpoint(Base64.getDecoder().decode(relayToAlice[1]), 4);
    assertThat(aliceRx.unprotectRtp(alice.receive(WAIT).data())).isEqualTo(b1);
  }

  /** Inserts a 4-byte MKI (value 1) before the last {@code tag} bytes (RFC 3711 §3.1). */
  static byte[] withMki(byte[] srtp, int tag) {
    byte[] out = new byte[srtp.length + 4];
    int body = srtp.length - tag;
    System.arraycopy(srtp, 0, out, 0, body);
    out[body + 3] = 1;
    System.arraycopy(srtp, body, out, body + 4, tag);
    return out;
  }

  @Test
  void plainOffererGetsSrtpTowardsTheAnswererWhenAskedFor() throws Exception {
    // bob (private, plain) calls alice (public, SRTP): transport-protocol RTP/SAVP.
    String toAlice =
        sdp(
            ok(
                Ng.offer("s2", "b", sdp("bob", "127.0.2.100", bob, bobRtcp, "RTP/AVP", ""))
                    .direction("private", "public")
                    .put("transport-protocol", "RTP/SAVP")));
    assertThat(toAlice).contains("RTP/SAVP 0");
    List<String> suites =
        toAlice.lines().filter(l -> l.startsWith("a=crypto:")).map(l -> l.split(" ")[1]).toList();
    assertThat(suites)
        .containsExactly(
            "AEAD_AES_256_GCM",
            "AEAD_AES_128_GCM",
            "AES_256_CM_HMAC_SHA1_80",
            "AES_256_CM_HMAC_SHA1_32",
            "AES_192_CM_HMAC_SHA1_80",
            "AES_192_CM_HMAC_SHA1_32",
            "AES_CM_128_HMAC_SHA1_80",
            "AES_CM_128_HMAC_SHA1_32",
            "F8_128_HMAC_SHA1_80",
            "F8_128_HMAC_SHA1_32",
            "NULL_HMAC_SHA1_80",
            "NULL_HMAC_SHA1_32");
    String[] relay = cryptoLine(toAlice, "AES_CM_128_HMAC_SHA1_32").split(" ");
    int pub = port(toAlice, 0);
    byte[] aliceKey = key30(3);
    String answer =
        sdp(
            "alice",
            "127.0.1.100",
            alice,
            aliceRtcp,
            "RTP/SAVP",
            "a=crypto:"
                + relay[0]
                + " AES_CM_128_HMAC_SHA1_32 inline:"
                + Base64.getEncoder().encodeToString(aliceKey)
                + "\n");
    String toBob = sdp(ok(Ng.answer("s2", "b", "a", answer)));
    assertThat(toBob).contains("RTP/AVP 0").doesNotContain("a=crypto");
    int priv = port(toBob, 0);
    TestSrtp aliceTx = endpoint(aliceKey, 4);
    TestSrtp aliceRx = endpoint(Base64.getDecoder().decode(relay[1]), 4);

    byte[] b1 = Packets.rtp(0, 7, 700, 0x0B0B0B0BL, 160, 5);
    bob.send(b1, "127.0.2.1", priv);
    Peer.Received got = alice.receive(WAIT);
    assertThat(got.data()).as("SRTP with the 32-bit tag").hasSize(b1.length + 4);
    assertThat(aliceRx.unprotectRtp(got.data())).isEqualTo(b1);
    byte[] a1 = Packets.rtp(0, 9, 900, 0x0A0A0A0AL, 160, 6);
    alice.send(aliceTx.protectRtp(a1), "127.0.1.1", pub);
    assertThat(bob.receive(WAIT).data()).isEqualTo(a1);
    byte[] rrA = Packets.receiverReport(0x0A0A0A0AL, 0x0B0B0B0BL, 1, 1, 1);
    aliceRtcp.send(aliceTx.protectRtcp(rrA, 5), "127.0.1.1", pub + 1);
    assertThat(bobRtcp.receive(WAIT).data()).isEqualTo(rrA);
  }

  /**
   * Every suite of rtpengine's list carries media both ways when the answerer picks it: the party
   * side here is the relay's own {@link SrtpContext} (its transforms are checked against the RFC
   * vectors in the srtp package), so this shows the suite's wiring from SDP to sockets.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(SrtpSuite.class)
  void everyOfferedSuiteCarriesMediaBothWays(SrtpSuite suite) throws Exception {
    String call = "e-" + suite;
    String toAlice =
        sdp(
            ok(
                Ng.offer(call, "b", sdp("bob", "127.0.2.100", bob, bobRtcp, "RTP/AVP", ""))
                    .direction("private", "public")
                    .put("transport-protocol", "RTP/SAVP")));
    String[] relay = cryptoLine(toAlice, suite.name()).split(" ");
    int pub = port(toAlice, 0);
    MasterKey aliceKey = MasterKey.random(suite, new java.security.SecureRandom());
    String answer =
        sdp(
            "alice",
            "127.0.1.100",
            alice,
            aliceRtcp,
            "RTP/SAVP",
            "a=crypto:" + relay[0] + " " + suite.name() + " inline:" + aliceKey.inline() + "\n");
    String toBob = sdp(ok(Ng.answer(call, "b", "a", answer)));
    int priv = port(toBob, 0);
    SrtpContext aliceTx = SrtpContext.sender(aliceKey);
    SrtpContext aliceRx = SrtpContext.receiver(MasterKey.fromInline(suite, relay[1]), 0);

    byte[] b1 = Packets.rtp(0, 7, 700, 0x0B0B0B0BL, 160, 5);
    bob.send(b1, "127.0.2.1", priv);
    byte[] got = alice.receive(WAIT).data();
    assertThat(got).as("SRTP with the suite's tag").hasSize(b1.length + suite.srtpTagLength());
    if (suite.cipher() != SrtpSuite.Cipher.NULL) {
      assertThat(Arrays.copyOfRange(got, 12, b1.length))
          .isNotEqualTo(Arrays.copyOfRange(b1, 12, b1.length));
    }
    int n = aliceRx.unprotectRtp(got, 0, got.length);
    assertThat(Arrays.copyOf(got, n)).isEqualTo(b1);

    byte[] a1 = Packets.rtp(0, 9, 900, 0x0A0A0A0AL, 160, 6);
    byte[] a1s = Arrays.copyOf(a1, a1.length + SrtpContext.RTP_OVERHEAD);
    int len = aliceTx.protectRtp(a1s, 0, a1.length);
    alice.send(Arrays.copyOf(a1s, len), "127.0.1.1", pub);
    assertThat(bob.receive(WAIT).data()).isEqualTo(a1);

    byte[] rrA = Packets.receiverReport(0x0A0A0A0AL, 0x0B0B0B0BL, 1, 1, 1);
    byte[] rrs = Arrays.copyOf(rrA, rrA.length + SrtpContext.RTCP_OVERHEAD);
    int rl = aliceTx.protectRtcp(rrs, 0, rrA.length);
    aliceRtcp.send(Arrays.copyOf(rrs, rl), "127.0.1.1", pub + 1);
    assertThat(bobRtcp.receive(WAIT).data()).isEqualTo(rrA);
    byte[] rrB = Packets.receiverReport(0x0B0B0B0BL, 0x0A0A0A0AL, 2, 2, 2);
    bobRtcp.send(rrB, "127.0.2.1", priv + 1);
    byte[] srtcp = aliceRtcp.receive(WAIT).data();
    assertThat(srtcp).hasSize(rrB.length + 4 + suite.srtcpTagLength());
    int m = aliceRx.unprotectRtcp(srtcp, 0, srtcp.length);
    assertThat(Arrays.copyOf(srtcp, m)).isEqualTo(rrB);
    ok(Ng.command("delete").put("call-id", call).put("from-tag", "b"));
  }
}
