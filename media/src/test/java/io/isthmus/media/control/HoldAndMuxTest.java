package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hold and rtcp-mux handling, as observed on rtpengine 10.5 for the same inputs. */
class HoldAndMuxTest extends ControlTestSupport {

  static String offer(String connection, String attributes) {
    return crlf(
        "v=0\no=alice 1234 5678 IN IP4 127.0.1.100\ns=-\nc=IN IP4 "
            + connection
            + "\nt=0 0\nm=audio 2000 RTP/AVP 0\n"
            + attributes);
  }

  static String answer(String attributes) {
    return crlf(
        "v=0\no=bob 99 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
            + "m=audio 3000 RTP/AVP 0\n"
            + attributes);
  }

  /** The attribute lines after the rtpmap of a normalised single-audio SDP, joined by '|'. */
  static String tail(String sdp) {
    String n = normalise(sdp);
    return n.substring(n.indexOf("a=rtpmap:0 PCMU/8000\n") + 21).strip().replace('\n', '|');
  }

  @ParameterizedTest(name = "c={0} {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "127.0.1.100; a=sendonly; c=IN IP4 127.0.2.1; a=sendonly|a=rtcp:PORT+1",
        "127.0.1.100; a=recvonly; c=IN IP4 127.0.2.1; a=recvonly|a=rtcp:PORT+1",
        "127.0.1.100; a=inactive; c=IN IP4 127.0.2.1; a=inactive|a=rtcp:PORT+1",
        // RFC 2543 hold: the hold address is kept and the direction says it (rtpengine too)
        "0.0.0.0; ''; c=IN IP4 0.0.0.0; a=sendonly|a=rtcp:PORT+1",
        "0.0.0.0; a=recvonly; c=IN IP4 0.0.0.0; a=inactive|a=rtcp:PORT+1",
        "0.0.0.0; a=inactive; c=IN IP4 0.0.0.0; a=inactive|a=rtcp:PORT+1",
      })
  void holdIsPassedOnAsRtpengineDoes(String conn, String attr, String cLine, String tail)
      throws Exception {
    String in = offer(conn, attr.isEmpty() ? "" : attr + "\n");
    String out = sdp(ok(Ng.offer("c1", "ft", in).direction("public", "private")));
    assertThat(out).contains("\n" + cLine + "\n");
    assertThat(tail(out)).isEqualTo(tail);
  }

  @ParameterizedTest(name = "session-level {0} moves to the media")
  @CsvSource({"sendonly", "inactive"})
  void sessionLevelDirectionMovesToTheMedia(String direction) throws Exception {
    String in =
        crlf(
            "v=0\no=alice 1234 5678 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
                + "a="
                + direction
                + "\nm=audio 2000 RTP/AVP 0\n");
    String out = normalise(sdp(ok(Ng.offer("c1", "ft", in).direction("public", "private"))));
    assertThat(out)
        .startsWith("v=0\no=alice 1234 5678 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.2.1\nt=0 0\nm=")
        .endsWith("a=" + direction + "\na=rtcp:PORT+1\n");
  }

  @ParameterizedTest(name = "rtcp-mux {0}, offer mux={1}: onward {2}; answer mux={3}: back {4}")
  @CsvSource(
      delimiter = ';',
      value = {
        "''; false; a=sendrecv|a=rtcp:PORT+1; false; a=sendrecv|a=rtcp:PORT+1",
        "''; true; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; true; a=sendrecv|a=rtcp:PORT|a=rtcp-mux",
        "''; true; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; false; a=sendrecv|a=rtcp:PORT+1",
        "offer; false; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; true; a=sendrecv|a=rtcp:PORT+1",
        "require; false; a=sendrecv|a=rtcp:PORT|a=rtcp-mux; true; a=sendrecv|a=rtcp:PORT+1",
        "require; true; a=sendrecv|a=rtcp:PORT|a=rtcp-mux; false; a=sendrecv|a=rtcp:PORT+1",
        "demux; true; a=sendrecv|a=rtcp:PORT+1; false; a=sendrecv|a=rtcp:PORT|a=rtcp-mux",
        "accept; true; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; false; a=sendrecv|a=rtcp:PORT|a=rtcp-mux",
        "reject; true; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; false; a=sendrecv|a=rtcp:PORT+1",
        "reject; true; a=sendrecv|a=rtcp:PORT+1|a=rtcp-mux; true; a=sendrecv|a=rtcp:PORT+1",
        "accept; false; a=sendrecv|a=rtcp:PORT+1; false; a=sendrecv|a=rtcp:PORT+1",
      })
  void rtcpMuxFlagsFollowRtpengine(
      String flag, boolean offerMux, String onward, boolean answerMux, String back)
      throws Exception {
    Ng req =
        Ng.offer("c1", "ft", offer("127.0.1.100", offerMux ? "a=rtcp-mux\n" : ""))
            .direction("public", "private");
    if (!flag.isEmpty()) {
      req.list("rtcp-mux", flag);
    }
    assertThat(tail(sdp(ok(req)))).isEqualTo(onward);
    String a = sdp(ok(Ng.answer("c1", "ft", "tt", answer(answerMux ? "a=rtcp-mux\n" : ""))));
    assertThat(tail(a)).isEqualTo(back);
  }

  @ParameterizedTest(name = "Kamailio flag {0}")
  @CsvSource({"rtcp-mux-offer", "rtcp-mux-require"})
  void kamailioStyleMuxFlagsWork(String flag) throws Exception {
    String out =
        sdp(
            ok(
                Ng.offer("c1", "ft", offer("127.0.1.100", ""))
                    .direction("public", "private")
                    .flags(flag)));
    assertThat(out).endsWith("a=rtcp-mux\n");
  }
}
