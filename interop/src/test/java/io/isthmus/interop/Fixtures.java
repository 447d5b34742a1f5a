package io.isthmus.interop;

/**
 * SDP bodies of the differential scenarios. The public party is 127.0.1.100, the private party
 * 127.0.2.100; client ports lie far below both engines' ranges so they are never mistaken for
 * allocated ones.
 */
final class Fixtures {
  private Fixtures() {}

  /** Public party, audio, c= at session level only. */
  static final String ALICE =
      """
      v=0
      o=alice 2890844526 2890844526 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/AVP 0 8 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
      """;

  /** Public party, audio, c= at media level only. */
  static final String ALICE_MEDIA_C =
      """
      v=0
      o=alice 2890844526 2890844526 IN IP4 127.0.1.100
      s=-
      t=0 0
      m=audio 6000 RTP/AVP 0 8 101
      c=IN IP4 127.0.1.100
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=sendrecv
      """;

  /** Private party's answer to {@link #ALICE}. */
  static final String BOB =
      """
      v=0
      o=bob 1001 1001 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
      """;

  /** Public party, audio and video, c= per media. */
  static final String ALICE_AV =
      """
      v=0
      o=alice 2890844527 2890844527 IN IP4 127.0.1.100
      s=-
      t=0 0
      m=audio 6000 RTP/AVP 0 8
      c=IN IP4 127.0.1.100
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=sendrecv
      m=video 6010 RTP/AVP 96
      c=IN IP4 127.0.1.100
      a=rtpmap:96 H264/90000
      a=fmtp:96 profile-level-id=42e01f
      a=sendrecv
      """;

  /** Private party accepts audio and video. */
  static final String BOB_AV =
      """
      v=0
      o=bob 1002 1002 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=sendrecv
      m=video 7010 RTP/AVP 96
      a=rtpmap:96 H264/90000
      a=fmtp:96 profile-level-id=42e01f
      a=sendrecv
      """;

  /** Private party accepts audio, rejects video (port 0, RFC 3264 section 6). */
  static final String BOB_AUDIO_NO_VIDEO =
      """
      v=0
      o=bob 1003 1003 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=sendrecv
      m=video 0 RTP/AVP 96
      """;

  /** {@link #ALICE} with another direction attribute and version (hold, RFC 3264 section 8.4). */
  static String alice(String direction, int version, int port) {
    return ALICE
        .replace("2890844526 2890844526", "2890844526 " + (2890844526L + version))
        .replace("a=sendrecv", "a=" + direction)
        .replace("m=audio 6000", "m=audio " + port);
  }

  /** {@link #BOB} with another direction attribute and version. */
  static String bob(String direction, int version) {
    return BOB.replace("1001 1001", "1001 " + (1001 + version))
        .replace("a=sendrecv", "a=" + direction);
  }

  /** Offer with rtcp-mux (RFC 5761) and an explicit a=rtcp (RFC 3605). */
  static final String ALICE_MUX =
      """
      v=0
      o=alice 2890844530 2890844530 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/AVP 0 8
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtcp:6000
      a=rtcp-mux
      a=sendrecv
      """;

  /** Answer accepting rtcp-mux. */
  static final String BOB_MUX =
      """
      v=0
      o=bob 1004 1004 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=rtcp-mux
      a=sendrecv
      """;

  /** Offer with ICE (RFC 8839) attributes and candidates. */
  static final String ALICE_ICE =
      """
      v=0
      o=alice 2890844531 2890844531 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      a=ice-ufrag:F7gI
      a=ice-pwd:x9cml/YzichV2+XlhiMu8g
      m=audio 6000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=candidate:1 1 UDP 2130706431 127.0.1.100 6000 typ host
      a=candidate:1 2 UDP 2130706430 127.0.1.100 6001 typ host
      a=sendrecv
      """;

  /** Offer with RTP/AVPF and an rtcp-fb attribute (RFC 4585). */
  static final String ALICE_AVPF =
      """
      v=0
      o=alice 2890844532 2890844532 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/AVPF 0
      a=rtpmap:0 PCMU/8000
      a=rtcp-fb:* nack
      a=sendrecv
      """;

  /** Answer in RTP/AVPF. */
  static final String BOB_AVPF =
      """
      v=0
      o=bob 1005 1005 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVPF 0
      a=rtpmap:0 PCMU/8000
      a=rtcp-fb:* nack
      a=sendrecv
      """;

  /** PCMU only, for transcoding to PCMA. */
  static final String ALICE_PCMU =
      """
      v=0
      o=alice 2890844533 2890844533 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=sendrecv
      """;

  /** PCMA only: the answer to a transcoding offer. */
  static final String BOB_PCMA =
      """
      v=0
      o=bob 1006 1006 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/AVP 8
      a=rtpmap:8 PCMA/8000
      a=sendrecv
      """;

  /** A second private party (forking). */
  static final String CAROL =
      BOB.replace("o=bob 1001 1001", "o=carol 2001 2001").replace("7000", "7100");

  /** An SDP without m= lines (RFC 4566 allows it; nothing to relay). */
  static final String ALICE_NO_MEDIA =
      """
      v=0
      o=alice 2890844540 2890844540 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      """;

  /** c= at session level and again in the m= section. */
  static final String ALICE_BOTH_C =
      """
      v=0
      o=alice 2890844541 2890844541 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/AVP 0 8
      c=IN IP4 127.0.1.100
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=sendrecv
      """;

  /** RTP/SAVP offer with two SDES suites (keys from RFC 4568's examples). */
  static final String ALICE_SAVP =
      """
      v=0
      o=alice 2890844542 2890844542 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/SAVP 0 8
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4
      a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
      a=sendrecv
      """;

  /** RTP/SAVP answer picking the relay's first suite, with its own key. */
  static final String BOB_SAVP =
      """
      v=0
      o=bob 1010 1010 IN IP4 127.0.2.100
      s=-
      c=IN IP4 127.0.2.100
      t=0 0
      m=audio 7000 RTP/SAVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
      a=sendrecv
      """;

  /** Private party answering with ICE (RFC 8839) of its own. */
  static final String BOB_ICE =
      BOB.replace("t=0 0\n", "t=0 0\na=ice-ufrag:b0bU\na=ice-pwd:bobbobbobbobbobbobbobbob\n")
          .replace(
              "a=ptime:20\n",
              "a=ptime:20\na=candidate:1 1 UDP 2130706431 127.0.2.100 7000 typ host\n"
                  + "a=candidate:1 2 UDP 2130706430 127.0.2.100 7001 typ host\n");

  /** {@link #ALICE_ICE} with rtcp-mux. */
  static final String ALICE_ICE_MUX = ALICE_ICE.replace("a=sendrecv\n", "a=rtcp-mux\na=sendrecv\n");

  /** RTP/SAVP offer whose first SDES suite is AES-GCM (RFC 7714), then AES-CM. */
  static final String ALICE_SAVP_GCM =
      """
      v=0
      o=alice 2890844543 2890844543 IN IP4 127.0.1.100
      s=-
      c=IN IP4 127.0.1.100
      t=0 0
      m=audio 6000 RTP/SAVP 0 8
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=crypto:1 AEAD_AES_128_GCM inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==
      a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
      a=sendrecv
      """;
}
