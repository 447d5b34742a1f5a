package io.isthmus.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BencodeDecoder;
import io.isthmus.ng.bencode.BencodeLimits;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class NgRequestTest {

  static BDict fixture(String name) throws Exception {
    try (InputStream in =
        NgRequestTest.class.getResourceAsStream("/io/isthmus/ng/fixtures/" + name)) {
      byte[] b = in.readAllBytes();
      return BencodeDecoder.decodeDictionary(b, 0, b.length, BencodeLimits.NG);
    }
  }

  static BDict.Builder offer() {
    return BDict.builder()
        .put("command", "offer")
        .put("call-id", "c1")
        .put("from-tag", "t1")
        .put("sdp", "v=0\r\n");
  }

  @Test
  void readsAKamailioOffer() throws Exception {
    NgRequest r = NgRequest.of(fixture("offer-kamailio.bin"));
    assertThat(r.command()).isEqualTo(NgCommand.OFFER);
    assertThat(r.callId()).isEqualTo("a84b4c76e66710@pc33.example.com");
    assertThat(r.fromTag()).isEqualTo("1928301774");
    assertThat(r.toTag()).isNull();
    assertThat(r.viaBranch()).isEqualTo("z9hG4bK776asdhds.0");
    assertThat(r.sdp().asString()).startsWith("v=0\r\n");
    assertThat(r.direction()).containsExactly("public", "private");
    assertThat(r.replace()).containsExactly("origin", "session-connection");
    assertThat(r.rtcpMux()).containsExactly("demux");
    assertThat(r.ice()).isEqualTo("remove");
    assertThat(r.transportProtocol()).isEqualTo("RTP/AVP");
    assertThat(r.receivedFrom()).containsExactly("IP4", "198.51.100.1");
    assertThat(r.codec().strip()).containsExactly("G729");
    assertThat(r.codec().mask()).containsExactly("G722");
    assertThat(r.hasFlag("trust address")).isTrue();
    assertThat(r.hasFlag("strict-source")).isTrue();
    assertThat(r.supportsLoadLimit()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void readsAnAnswerAndADelete() throws Exception {
    NgRequest answer = NgRequest.of(fixture("answer-kamailio.bin"));
    assertThat(answer.command()).isEqualTo(NgCommand.ANSWER);
    assertThat(answer.toTag()).isEqualTo("a6c85cf");
    NgRequest delete = NgRequest.of(fixture("delete-kamailio.bin"));
    assertThat(delete.command()).isEqualTo(NgCommand.DELETE);
    assertThat(delete.deleteDelay()).hasValue(0);
    assertThat(delete.hasFlag("fast")).isTrue();
  }

  @Test
  void mergesTheCodecDictionaryWithCodecFlags() throws Exception {
    BDict body =
        offer()
            .put(
                "codec",
                BDict.builder()
                    .put("strip", BList.ofStrings(List.of("all")))
                    .put("except", BList.ofStrings(List.of("PCMU", "opus/48000/2")))
                    .put("transcode", "G722")
                    .build())
            .put("flags", BList.ofStrings(List.of("codec-except-PCMA", "codec-offer-G722")))
            .build();
    NgCodecOptions codec = NgRequest.of(body).codec();
    assertThat(codec.strip()).containsExactly("all");
    assertThat(codec.except()).containsExactly("PCMU", "opus/48000/2", "PCMA");
    assertThat(codec.offer()).containsExactly("G722");
    assertThat(codec.transcode()).containsExactly("G722");
  }

  @Test
  void collectsUnknownFlagsAsWarningsWithoutFailing() throws Exception {
    NgRequest r =
        NgRequest.of(
            offer()
                .put("flags", BList.ofStrings(List.of("frobnicate", "SIP source address")))
                .build());
    assertThat(r.warnings()).containsExactly("Unknown flag encountered: 'frobnicate'");
    assertThat(r.hasFlag("sip-source-address")).isTrue();
  }

  @Test
  void acceptsKeysSpelledWithSpacesAndIntegersAsDigitStrings() throws Exception {
    BDict body =
        BDict.builder()
            .put("command", "delete")
            .put("call-id", "c1")
            .put("delete delay", "30")
            .put("transport protocol", "RTP/SAVP")
            .build();
    NgRequest r = NgRequest.of(body);
    assertThat(r.deleteDelay()).hasValue(30);
    assertThat(r.transportProtocol()).isEqualTo("RTP/SAVP");
  }

  @Test
  void keepsKeysItDoesNotKnowInTheBody() throws Exception {
    NgRequest r = NgRequest.of(offer().put("xmlrpc-callback", "127.0.0.1").build());
    assertThat(r.body().get("xmlrpc-callback")).isEqualTo(BString.of("127.0.0.1"));
  }

  @Test
  void refusesRequestsWithRtpenginesReasons() {
    assertReason(
        BDict.builder().put("call-id", "x").build(), "Dictionary contains no key \"command\"");
    assertReason(
        BDict.builder().put("command", 1).build(), "Dictionary contains no key \"command\"");
    assertReason(BDict.builder().put("command", "frobnicate").build(), "Unrecognized command");
    assertReason(BDict.builder().put("command", "Offer").build(), "Unrecognized command");
    assertReason(
        BDict.builder().put("command", "offer").put("call-id", "c").put("from-tag", "t").build(),
        "No SDP body in message");
    assertReason(
        BDict.builder().put("command", "offer").put("sdp", "v=0").put("from-tag", "t").build(),
        "No call-id in message");
    assertReason(
        BDict.builder().put("command", "offer").put("sdp", "v=0").put("call-id", "c").build(),
        "No from-tag in message");
    assertReason(offer().put("command", "answer").build(), "No to-tag in message");
    assertReason(BDict.builder().put("command", "delete").build(), "No call-id in message");
  }

  @Test
  void treatsKeysOfTheWrongTypeAsAbsentAsRtpengineDoes() throws Exception {
    NgRequest flags = NgRequest.of(offer().put("flags", "trust-address").build());
    assertThat(flags.flags()).isEmpty();
    assertThat(flags.warnings())
        .containsExactly("Ignored key \"flags\": expected a list of strings, got a string");
    NgRequest direction =
        NgRequest.of(offer().put("direction", BList.of(BString.of("pub"), BList.of())).build());
    assertThat(direction.direction()).containsExactly("pub");
    assertThat(direction.warnings())
        .containsExactly("Ignored item 1 of key \"direction\": a list, expected a string");
    assertThat(NgRequest.of(offer().put("delete-delay", "soon").build()).deleteDelay()).isEmpty();
    assertThat(NgRequest.of(offer().put("codec", BList.of()).build()).warnings())
        .containsExactly(
            "Ignored: Invalid value for key \"codec\": expected a dictionary, got a list");
  }

  @Test
  void aRequiredKeyOfTheWrongTypeIsMissingWithTheDetail() {
    assertThatThrownBy(() -> NgRequest.of(offer().put("sdp", 5).build()))
        .isInstanceOfSatisfying(
            NgException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("No SDP body in message");
              assertThat(e.detail())
                  .isEqualTo("Invalid value for key \"sdp\": expected a string, got an integer");
              assertThat(e.response().body().get("error-detail")).isNotNull();
            });
    assertReason(offer().put("call-id", 42).build(), "No call-id in message");
  }

  @Test
  void commandsWithoutRequirementsNeedOnlyTheCommand() throws Exception {
    for (String name : List.of("ping", "list", "statistics", "cli", "CLI")) {
      assertThat(NgRequest.of(BDict.builder().put("command", name).build()).command()).isNotNull();
    }
    assertThat(
            NgRequest.of(BDict.builder().put("command", "block DTMF").put("call-id", "c").build())
                .command())
        .isEqualTo(NgCommand.BLOCK_DTMF);
  }

  private static void assertReason(BDict body, String reason) {
    assertThatThrownBy(() -> NgRequest.of(body)).isInstanceOf(NgException.class).hasMessage(reason);
  }
}
