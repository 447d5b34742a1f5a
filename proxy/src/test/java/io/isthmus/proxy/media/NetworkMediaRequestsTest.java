package io.isthmus.proxy.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The NG requests of each network's media settings: an offer carries the flags and protocol of the
 * network it is sent to, the answer back those of the offerer's network; sdp-source-only goes with
 * the network that sends the SDP; an offer lacking its own network's protocol never reaches the
 * relay.
 */
class NetworkMediaRequestsTest {
  private static final String PLAIN =
      "v=0\r\no=a 1 1 IN IP4 127.0.1.100\r\ns=-\r\nc=IN IP4 127.0.1.100\r\nt=0 0\r\n"
          + "m=audio 6000 RTP/AVP 0 8\r\n";
  private static final String SAVP = PLAIN.replace("RTP/AVP", "RTP/SAVP");

  /** public: SRTP, its own codec and ICE flags; private: plain RTP, media from the SDP only. */
  private static final MediaSettings SETTINGS =
      MediaSettings.DEFAULTS.withNetworks(
          Map.of(
              "public",
              new NetworkMedia(
                  List.of("codec-strip-all", "codec-offer-PCMA"),
                  List.of("session-connection"),
                  "force",
                  List.of("offer"),
                  "RTP/SAVP",
                  false),
              "private",
              new NetworkMedia(List.of(), List.of(), "", List.of(), "RTP/AVP", true)));

  private final NgRequests requests = new NgRequests(SETTINGS);

  private static MediaOffer offer(String sdp, String from, String to) {
    return new MediaOffer(
        "c1", "a", null, null, sdp.getBytes(StandardCharsets.UTF_8), List.of(from, to), null);
  }

  private static List<String> strings(BDict d, String key) {
    List<String> out = new ArrayList<>();
    if (d.get(key) instanceof BList l) {
      for (int i = 0; i < l.size(); i++) {
        out.add(((BString) l.get(i)).asString());
      }
    }
    return out;
  }

  private static String string(BDict d, String key) {
    BValue v = d.get(key);
    return v instanceof BString s ? s.asString() : null;
  }

  @Test
  void anOfferToAnSrtpNetworkCarriesThatNetworksFlagsAndProtocolAndTheAnswerBackTheOfferersOwn() {
    // A gateway on private calls a public party: the offer goes to public.
    BDict o = requests.offer(offer(PLAIN, "private", "public"));
    assertThat(strings(o, "direction")).containsExactly("private", "public");
    assertThat(strings(o, "flags"))
        .containsExactly("trust-address", "codec-strip-all", "codec-offer-PCMA", "sdp-source-only");
    assertThat(strings(o, "replace")).containsExactly("origin", "session-connection");
    assertThat(string(o, "ICE")).isEqualTo("force");
    assertThat(strings(o, "rtcp-mux")).containsExactly("offer");
    assertThat(string(o, "transport-protocol")).isEqualTo("RTP/SAVP");

    // The public party answers; the answer goes back to private: its flags, RTP/AVP, and no
    // sdp-source-only (public's parties learn their source).
    BDict a =
        requests.answer(
            new MediaAnswer(
                "c1",
                "a",
                "b",
                null,
                SAVP.getBytes(StandardCharsets.UTF_8),
                List.of("public", "private")));
    assertThat(strings(a, "flags")).containsExactly("trust-address");
    assertThat(strings(a, "replace")).containsExactly("origin");
    assertThat(string(a, "ICE")).isEqualTo("remove");
    assertThat(a.containsKey("rtcp-mux")).isFalse();
    assertThat(string(a, "transport-protocol")).isEqualTo("RTP/AVP");
    assertThat(a.containsKey("direction")).isFalse();
  }

  @Test
  void theOtherWayRoundThePrivateNetworksSettingsGoWithTheOfferAndThePublicOnesWithTheAnswer() {
    BDict o = requests.offer(offer(SAVP, "public", "private"));
    assertThat(strings(o, "flags")).containsExactly("trust-address");
    assertThat(string(o, "transport-protocol")).isEqualTo("RTP/AVP");
    BDict a =
        requests.answer(
            new MediaAnswer(
                "c1",
                "a",
                "b",
                null,
                PLAIN.getBytes(StandardCharsets.UTF_8),
                List.of("private", "public")));
    assertThat(strings(a, "flags"))
        .containsExactly("trust-address", "codec-strip-all", "codec-offer-PCMA", "sdp-source-only");
    assertThat(string(a, "transport-protocol")).isEqualTo("RTP/SAVP");
  }

  @Test
  void unknownInterfacesAndAnswersWithoutNetworksGetTheDefaultsAlone() {
    BDict o = requests.offer(offer(PLAIN, "x", "y"));
    assertThat(strings(o, "flags")).containsExactly("trust-address");
    assertThat(o.containsKey("transport-protocol")).isFalse();
    BDict a =
        requests.answer(
            new MediaAnswer("c1", "a", "b", null, PLAIN.getBytes(StandardCharsets.UTF_8)));
    assertThat(strings(a, "flags")).containsExactly("trust-address");
    assertThat(a.containsKey("transport-protocol")).isFalse();
  }

  @Test
  void anOfferWithoutItsNetworksProtocolIsRefusedBeforeTheRelaySeesIt() {
    assertThat(requests.refusal(offer(SAVP, "public", "private"))).isNull();
    assertThat(requests.refusal(offer(PLAIN, "private", "public"))).isNull();
    assertThat(requests.refusal(offer(PLAIN, "public", "private")))
        .isEqualTo(
            "network of interface public requires RTP/SAVP (SRTP, SDES keys), the offer's audio"
                + " stream has RTP/AVP");
    assertThat(requests.refusal(offer(SAVP, "private", "public")))
        .isEqualTo(
            "network of interface private requires RTP/AVP, the offer's audio stream has RTP/SAVP");
    // A rejected stream, a non-RTP stream and unparsable SDP are not the proxy's to judge.
    assertThat(
            requests.refusal(
                offer(
                    SAVP + "m=video 0 RTP/AVP 96\r\nm=image 6002 udptl t38\r\n",
                    "public",
                    "private")))
        .isNull();
    assertThat(requests.refusal(offer("not sdp", "public", "private"))).isNull();

    List<BDict> sent = new ArrayList<>();
    InProcessMediaControl local =
        new InProcessMediaControl(
            r -> {
              sent.add(r.body());
              return CompletableFuture.completedFuture(io.isthmus.ng.NgResponse.ok());
            },
            SETTINGS);
    assertThat(local.offer(offer(PLAIN, "public", "private")).toCompletableFuture().join())
        .isInstanceOf(MediaResult.Rejected.class);
    assertThat(sent).isEmpty();
    assertThat(local.offer(offer(SAVP, "public", "private")).toCompletableFuture().join().ok())
        .isTrue();
    assertThat(sent).hasSize(1);
  }
}
