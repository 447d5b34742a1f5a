package io.isthmus.sdp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SDP fixtures written in the style of the RFC examples. Text blocks use LF; {@link #crlf} makes
 * the CRLF form RFC 8866 §5 asks for.
 */
final class Sdps {
  private Sdps() {}

  /** RFC 4566 §5 example: session-level multicast c= with TTL, session-level recvonly. */
  static final String RFC4566 =
      """
      v=0
      o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5
      s=SDP Seminar
      i=A Seminar on the session description protocol
      u=http://www.example.com/seminars/sdp.pdf
      e=j.doe@example.com (Jane Doe)
      c=IN IP4 224.2.17.12/127
      t=2873397496 2873404696
      a=recvonly
      m=audio 49170 RTP/AVP 0
      m=video 51372 RTP/AVP 99
      a=rtpmap:99 h263-1998/90000
      """;

  /** RFC 8866 §5 example: a media-level IP6 c= overriding the session-level one. */
  static final String RFC8866 =
      """
      v=0
      o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
      s=Call to John Smith
      i=SDP Offer #1
      u=http://www.jdoe.example.com/home.html
      e=Jane Doe <jane@jdoe.example.com>
      p=+1 617 555-6011
      c=IN IP4 198.51.100.1
      t=0 0
      m=audio 49170 RTP/AVP 0
      m=audio 49180 RTP/AVP 0
      m=video 51372 RTP/AVP 99
      c=IN IP6 2001:db8::2
      a=rtpmap:99 h263-1998/90000
      """;

  /** An RFC 3264 §10.1 style offer: audio with three codecs and video with two. */
  static final String OFFER_AUDIO_VIDEO =
      """
      v=0
      o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
      s=
      c=IN IP4 host.atlanta.example.com
      t=0 0
      m=audio 49170 RTP/AVP 0 8 97
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:97 iLBC/8000
      m=video 51372 RTP/AVP 31 32
      a=rtpmap:31 H261/90000
      a=rtpmap:32 MPV/90000
      """;

  /** An RFC 3264 §10.1 style answer rejecting the video stream with port 0. */
  static final String ANSWER_VIDEO_REJECTED =
      """
      v=0
      o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
      s=
      c=IN IP4 host.biloxi.example.com
      t=0 0
      m=audio 49174 RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      m=video 0 RTP/AVP 31
      """;

  /** RFC 3264 §8.4 hold, both styles: sendonly and the old c=0.0.0.0. */
  static final String HOLD =
      """
      v=0
      o=alice 2890844526 2890844527 IN IP4 192.0.2.10
      s=-
      c=IN IP4 0.0.0.0
      t=0 0
      m=audio 49170 RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=sendonly
      """;

  /** An RFC 4317 style offer with dynamic payload types, DTMF events, ptime and bandwidth. */
  static final String TELEPHONE_EVENT =
      """
      v=0
      o=- 1710000000 1 IN IP4 203.0.113.7
      s=call
      c=IN IP4 203.0.113.7
      b=AS:84
      t=0 0
      m=audio 30000 RTP/AVP 96 0 8 101
      b=TIAS:64000
      a=rtpmap:96 opus/48000/2
      a=fmtp:96 minptime=10;useinbandfec=1
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=ptime:20
      a=maxptime:150
      a=sendrecv
      """;

  /** SDES-SRTP (RFC 4568 §9.1): two keys, one with lifetime and MKI, a session parameter. */
  static final String SRTP_SDES =
      """
      v=0
      o=sam 2890844526 2890842807 IN IP4 192.0.2.5
      s=SRTP Discussion
      c=IN IP4 192.0.2.5
      t=0 0
      m=audio 49170 RTP/SAVP 0
      a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 FEC_ORDER=FEC_SRTP
      a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32
      """;

  /** WebRTC style: BUNDLE, ICE, trickle, DTLS fingerprint, rtcp-mux, rtcp-fb, IPv6 candidate. */
  static final String WEBRTC_ICE =
      """
      v=0
      o=- 4611731400430051336 2 IN IP4 127.0.0.1
      s=-
      t=0 0
      a=group:BUNDLE 0 1
      a=ice-lite
      a=msid-semantic: WMS stream
      m=audio 9 UDP/TLS/RTP/SAVPF 111 0
      c=IN IP4 0.0.0.0
      a=rtcp:9 IN IP4 0.0.0.0
      a=candidate:1 1 udp 2113937151 192.0.2.20 50000 typ host generation 0 network-id 1
      a=candidate:2 1 udp 1845501695 198.51.100.4 50000 typ srflx raddr 192.0.2.20 rport 50000
      a=candidate:3 1 udp 2113939711 2001:db8::20 50002 typ host generation 0
      a=end-of-candidates
      a=ice-ufrag:8hhY
      a=ice-pwd:asd88fgpdd777uzjYhagZg
      a=ice-options:trickle renomination
      a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
      a=setup:actpass
      a=mid:0
      a=sendrecv
      a=rtcp-mux
      a=rtpmap:111 opus/48000/2
      a=rtcp-fb:111 transport-cc
      a=fmtp:111 minptime=10;useinbandfec=1
      a=rtpmap:0 PCMU/8000
      m=video 9 UDP/TLS/RTP/SAVPF 96 97
      c=IN IP4 0.0.0.0
      a=mid:1
      a=rtcp-mux
      a=rtcp-fb:* nack
      a=rtpmap:96 VP8/90000
      a=rtcp-fb:96 goog-remb
      a=rtcp-fb:96 nack pli
      a=rtpmap:97 rtx/90000
      a=fmtp:97 apt=96
      """;

  /** IPv6 everywhere, with an RFC 3605 a=rtcp carrying an address. */
  static final String IPV6_RTCP =
      """
      v=0
      o=- 42 42 IN IP6 2001:db8::1
      s=-
      c=IN IP6 2001:db8::1
      t=0 0
      m=audio 40000 RTP/AVP 9 13
      a=rtpmap:9 G722/8000
      a=rtpmap:13 CN/8000
      a=rtcp:40011 IN IP6 2001:db8::2
      """;

  /** Sloppy but real: unknown letters, vendor attributes, k=, z=, r=, a media-level i= and b=. */
  static final String UNKNOWN_LINES =
      """
      v=0
      o=user 1 1 IN IP4 192.0.2.1
      s=Sloppy
      c=IN IP4 192.0.2.1
      t=2873397496 2873404696
      r=604800 3600 0 90000
      z=2882844526 -1h 2898848070 0
      k=prompt
      x=vendor-line something
      a=X-nat:0
      m=audio 5004 RTP/AVP 18
      i=main audio
      b=CT:128
      y=0123456789
      a=rtpmap:18 G729/8000
      a=fmtp:18 annexb=no
      a=X-cap: 1 audio RTP/AVP 100
      """;

  /** Every fixture by name. */
  static final Map<String, String> ALL =
      Map.ofEntries(
          Map.entry("RFC4566", RFC4566),
          Map.entry("RFC8866", RFC8866),
          Map.entry("OFFER_AUDIO_VIDEO", OFFER_AUDIO_VIDEO),
          Map.entry("ANSWER_VIDEO_REJECTED", ANSWER_VIDEO_REJECTED),
          Map.entry("HOLD", HOLD),
          Map.entry("TELEPHONE_EVENT", TELEPHONE_EVENT),
          Map.entry("SRTP_SDES", SRTP_SDES),
          Map.entry("WEBRTC_ICE", WEBRTC_ICE),
          Map.entry("IPV6_RTCP", IPV6_RTCP),
          Map.entry("UNKNOWN_LINES", UNKNOWN_LINES));

  static String crlf(String lf) {
    return lf.replace("\n", "\r\n");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static SessionDescription parse(String s) throws SdpParseException {
    return SessionDescription.parse(bytes(s));
  }

  static String text(SessionDescription sdp) {
    return new String(sdp.toBytes(), StandardCharsets.ISO_8859_1);
  }
}
