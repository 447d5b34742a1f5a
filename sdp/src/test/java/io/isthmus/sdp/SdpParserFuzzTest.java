package io.isthmus.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the parser, the typed views and the editor. Under plain {@code mvn test} it replays the
 * corpus in {@code SdpParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Properties: only {@link SdpParseException} escapes parsing; every accepted input serializes
 * back to its exact bytes; every typed view parses or throws SdpParseException naming an input
 * line, and what it formats parses back to the same view; a relay-style rewrite of an accepted
 * description produces a description that parses again, round-trips, and shows the edits.
 */
class SdpParserFuzzTest {

  private static final Crypto KEY =
      new Crypto(
          1,
          "AES_CM_128_HMAC_SHA1_80",
          List.of(Crypto.KeyParam.inline("d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj")),
          List.of());

  @FuzzTest(maxDuration = "60s")
  void parsesRoundTripsAndSurvivesRewrites(byte[] input) {
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(input);
    } catch (SdpParseException e) {
      check(e.getMessage() != null && !e.reason().isEmpty(), "error without a reason");
      return;
    }
    check(Arrays.equals(sdp.toBytes(), input), "round trip changed the bytes");
    check(sdp.encodedLength() == input.length, "encodedLength differs");
    readViews(sdp);
    for (MediaDescription m : sdp.media()) {
      readViews(m);
    }
    rewrite(sdp);
  }

  private static void readViews(SdpSection s) {
    s.attributes();
    s.direction();
    s.rtcpMux();
    s.iceUfrag();
    s.icePwd();
    s.iceOptions();
    s.hasIce();
    s.setup();
    view(s::candidates);
    view(s::fingerprint);
    List<Crypto> cryptos = view(s::cryptos);
    if (cryptos != null) {
      for (Crypto c : cryptos) {
        check(same(c, () -> Crypto.parse(SdpLine.attribute("crypto", c.value()))), "crypto");
      }
    }
    if (s instanceof SessionDescription sdp) {
      view(sdp::groups);
      sdp.iceLite();
      for (MediaDescription m : sdp.media()) {
        sdp.effectiveConnection(m);
        sdp.effectiveDirection(m);
      }
    } else if (s instanceof MediaDescription m) {
      List<Rtpmap> rtpmaps = view(m::rtpmaps);
      if (rtpmaps != null) {
        for (Rtpmap r : rtpmaps) {
          check(same(r, () -> Rtpmap.parse(SdpLine.attribute("rtpmap", r.value()))), "rtpmap");
        }
      }
      view(m::fmtps);
      view(m::rtcpFbs);
      Optional<Rtcp> rtcp = view(m::rtcp);
      if (rtcp != null && rtcp.isPresent()) {
        Rtcp r = rtcp.get();
        check(same(r, () -> Rtcp.parse(SdpLine.attribute("rtcp", r.value()))), "rtcp");
      }
      view(m::ptime);
      view(m::maxptime);
      m.mid();
    }
  }

  /** The edits a relay makes on an offer, then checks of what comes out. */
  private static void rewrite(SessionDescription sdp) {
    SdpEditor e = sdp.edit();
    e.setOriginAddress("IP4", "127.0.2.1").bumpOriginVersion().removeIce();
    if (sdp.connection().isPresent()) {
      e.setConnection("IP4", "127.0.2.1");
    }
    List<List<String>> formats = new ArrayList<>();
    for (int i = 0; i < e.mediaCount(); i++) {
      MediaEditor m = e.media(i);
      List<String> rest = new ArrayList<>(m.media().formats());
      if (!rest.isEmpty()) {
        m.removeFormats(List.of(rest.getFirst()));
        rest.removeAll(List.of(sdp.media(i).media().formats().getFirst()));
      }
      formats.add(rest);
      m.setPort(20000 + 2 * i)
          .setConnection("IP6", "::1")
          .setRtcp(Rtcp.of(20001 + 2 * i))
          .setRtcpMux(i % 2 == 0)
          .removeIce()
          .setDirection(Direction.RECVONLY)
          .replaceCryptos(List.of(KEY))
          .addAttribute("label", Integer.toString(i));
    }
    byte[] out = e.toBytes();
    SessionDescription again;
    try {
      again = SessionDescription.parse(out);
    } catch (SdpParseException ex) {
      throw new AssertionError("rewritten SDP does not parse: " + ex.getMessage(), ex);
    }
    check(Arrays.equals(again.toBytes(), out), "rewritten SDP does not round-trip");
    check(again.origin().address().equals("127.0.2.1"), "origin address");
    check(!again.hasIce(), "session ICE left");
    check(again.media().size() == sdp.media().size(), "media count");
    for (int i = 0; i < again.media().size(); i++) {
      MediaDescription m = again.media(i);
      check(m.media().port() == 20000 + 2 * i, "port");
      check(m.media().formats().equals(formats.get(i)), "formats");
      check(m.connection().orElseThrow().address().equals("::1"), "connection");
      check(m.direction().orElseThrow() == Direction.RECVONLY, "direction");
      check(m.rtcpMux() == (i % 2 == 0), "rtcp-mux");
      check(!m.hasIce(), "media ICE left");
      check(same(Optional.of(Rtcp.of(20001 + 2 * i)), m::rtcp), "rtcp");
      check(same(List.of(KEY), m::cryptos), "crypto");
    }
  }

  interface View<T> {
    T read() throws SdpParseException;
  }

  /** Reads a view; a failure must be an SdpParseException naming a line. Null if it failed. */
  private static <T> T view(View<T> v) {
    try {
      return v.read();
    } catch (SdpParseException e) {
      check(e.getMessage().startsWith("line " + e.lineNumber() + " ("), "error names no line");
      return null;
    }
  }

  private static <T> boolean same(T expected, View<T> v) {
    try {
      return expected.equals(v.read());
    } catch (SdpParseException e) {
      throw new AssertionError("formatted view does not parse back: " + e.getMessage(), e);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
