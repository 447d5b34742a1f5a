package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static io.isthmus.media.control.SdpShapeTest.ALICE;
import static io.isthmus.media.control.SdpShapeTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad requests get rtpengine's error wording; out of ports is clean and leaks nothing. */
class RequestErrorsTest extends ControlTestSupport {

  /** Two RTP/RTCP pairs per address: a third m-line cannot be relayed. */
  @Override
  RelayConfig relayConfig() {
    return RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
        .withPorts(PORT_MIN, PORT_MIN + 3)
        .withEventLoops(1, true);
  }

  static final String THREE_MEDIA =
      ALICE + crlf("m=video 2002 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=video 2004 RTP/AVP 31\n");

  NgResponse error(Ng request) throws Exception {
    NgResponse r = send(request);
    assertThat(r.result()).as("reply %s", r).isEqualTo("error");
    for (int i = 0; i < r.body().size(); i++) {
      assertThat(r.body().key(i).asString())
          .as("an error has no other keys")
          .isIn("result", "error-reason", "error-detail");
    }
    return r;
  }

  @Test
  void outOfPortsIsACleanErrorThatLeaksNothing() throws Exception {
    NgResponse r = error(Ng.offer("c1", "ft", THREE_MEDIA).direction("public", "private"));
    assertThat(r.errorReason()).isEqualTo("Ran out of ports");
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isZero();
    assertThat(handler.callCount()).isZero();
    assertThat(handler.relay().callCount()).isZero();
    ok(Ng.offer("c2", "ft", ALICE).direction("public", "private"));
    BDictView stats = BDictView.of(ok(Ng.command("statistics")).body());
    assertThat(stats.path("statistics", "totalstatistics", "rejectedsessions")).isEqualTo("1");
  }

  @Test
  void outOfPortsInAReofferLeavesTheCallAsItWas() throws Exception {
    int port = port(sdp(ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"))), 0);
    ok(Ng.answer("c1", "ft", "tt", BOB));
    assertThat(error(Ng.offer("c1", "ft", THREE_MEDIA).put("to-tag", "tt")).errorReason())
        .isEqualTo("Ran out of ports");
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isEqualTo(1);
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(1);
    assertThat(port(sdp(ok(Ng.offer("c1", "ft", ALICE).put("to-tag", "tt"))), 0)).isEqualTo(port);
  }

  @Test
  void missingSdpIsRtpenginesError() throws Exception {
    var r = error(Ng.command("offer").put("call-id", "c1").put("from-tag", "ft"));
    assertThat(r.errorReason()).isEqualTo("No SDP body in message");
  }

  @Test
  void unparsableSdpFailsToParse() throws Exception {
    assertThat(error(Ng.offer("c1", "ft", "garbage")).errorReason())
        .isEqualTo("Failed to parse SDP");
    assertThat(handler.callCount()).isZero();
  }

  @Test
  void sdpWithoutConnectionIsIncomplete() throws Exception {
    String noC = ALICE.replace("c=IN IP4 127.0.1.100\r\n", "");
    assertThat(error(Ng.offer("c1", "ft", noC)).errorReason())
        .isEqualTo("Incomplete SDP specification");
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
  }

  @Test
  void hostNameInConnectionIsNotResolved() throws Exception {
    String named = ALICE.replace("c=IN IP4 127.0.1.100", "c=IN IP4 media.example.com");
    assertThat(error(Ng.offer("c1", "ft", named)).errorReason()).isEqualTo("Failed to parse SDP");
  }

  @Test
  void wrongTypesAreIgnoredAsInRtpengineWithAWarningNamingTheKey() throws Exception {
    assertThat(ok(Ng.offer("c1", "ft", ALICE).put("flags", "trust-address")).warning())
        .isEqualTo("Ignored key \"flags\": expected a list of strings, got a string");
    assertThat(ok(Ng.offer("c1", "ft", ALICE).put("direction", "public")).warning())
        .contains("\"direction\"");
    assertThat(error(Ng.command("list").put("limit", "lots")).errorReason()).contains("\"limit\"");
  }

  @Test
  void unknownFlagIsIgnoredWithAWarning() throws Exception {
    var r = ok(Ng.offer("c1", "ft", ALICE).flags("foo-bar", "trust-address"));
    assertThat(r.warning()).isEqualTo("Unknown flag encountered: 'foo-bar'");
    assertThat(sdp(r)).contains("m=audio ");
  }

  @Test
  void unknownInterfaceFallsBackToTheFirstWithAWarning() throws Exception {
    var r = ok(Ng.offer("c1", "ft", ALICE).direction("public", "nosuch"));
    assertThat(sdp(r)).contains("c=IN IP4 127.0.1.1\n");
    assertThat(r.warning()).contains("Unknown interface 'nosuch'");
  }

  @Test
  void answerOrQueryForAnUnknownCallIsUnknownCallId() throws Exception {
    assertThat(error(Ng.answer("nope", "a", "b", BOB)).errorReason()).isEqualTo("Unknown call-id");
    assertThat(error(Ng.command("query").put("call-id", "nope")).errorReason())
        .isEqualTo("Unknown call-id");
  }

  @Test
  void answerWithTagsOfNoOfferIsAnInvalidDialogue() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE));
    assertThat(error(Ng.answer("c1", "other", "tt", BOB)).errorReason())
        .isEqualTo("Invalid dialogue association");
  }

  @Test
  void unsupportedCommandIsAnError() throws Exception {
    assertThat(error(Ng.command("start recording").put("call-id", "c1")).errorReason())
        .isEqualTo("Unsupported command 'start recording'");
  }
}
