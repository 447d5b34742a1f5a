package io.isthmus.bench.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.ng.bencode.BencodeDecoder;
import io.isthmus.ng.bencode.BencodeEncoder;
import io.isthmus.ng.bencode.BencodeException;
import io.isthmus.ng.bencode.BencodeLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The NG codec on the control path: decoding a Kamailio {@code offer} (about 1.2 KB with its SDP)
 * and reading the keys the relay needs, and encoding a typical {@code answer} reply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BencodeBench {
  static final String OFFER_SDP =
      "v=0\r\no=- 1545997027 1 IN IP4 198.51.100.1\r\ns=tester\r\nt=0 0\r\n"
          + "m=audio 2000 RTP/AVP 0 8 9 18 101\r\nc=IN IP4 198.51.100.1\r\n"
          + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
          + "a=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=rtpmap:101 telephone-event/8000\r\n"
          + "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\na=rtcp:2001\r\n"
          + "m=video 2002 RTP/AVP 96 97\r\nc=IN IP4 198.51.100.1\r\na=rtpmap:96 H264/90000\r\n"
          + "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\na=rtpmap:97 VP8/90000\r\n"
          + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
          + "a=rtcp-fb:97 nack\r\na=rtcp-fb:97 nack pli\r\na=sendrecv\r\na=ice-ufrag:F7gI\r\n"
          + "a=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n"
          + "a=candidate:1 1 UDP 2130706431 198.51.100.1 2000 typ host\r\n"
          + "a=candidate:1 2 UDP 2130706430 198.51.100.1 2001 typ host\r\n";

  static final String ANSWER_SDP =
      "v=0\r\no=- 1545997028 2 IN IP4 203.0.113.1\r\ns=-\r\nt=0 0\r\n"
          + "m=audio 30000 RTP/AVP 8 101\r\nc=IN IP4 203.0.113.1\r\na=rtpmap:8 PCMA/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n"
          + "a=rtcp:30001\r\n";

  byte[] offer;
  BDict answerReply;
  byte[] out;

  /** The offer as Kamailio's rtpengine module writes it: keys in its own (unsorted) order. */
  static byte[] kamailioOffer() {
    StringBuilder sb = new StringBuilder("d");
    entry(sb, "supports", List.of("load limit"));
    entry(sb, "sdp", OFFER_SDP);
    entry(sb, "ICE", "remove");
    entry(sb, "flags", List.of("trust-address", "codec-strip-G729", "strict-source"));
    entry(sb, "replace", List.of("origin", "session-connection"));
    entry(sb, "transport-protocol", "RTP/AVP");
    entry(sb, "rtcp-mux", List.of("demux"));
    entry(sb, "direction", List.of("public", "private"));
    entry(sb, "received-from", List.of("IP4", "198.51.100.1"));
    entry(sb, "call-id", "a84b4c76e66710@pc33.example.com");
    entry(sb, "via-branch", "z9hG4bK776asdhds.0");
    entry(sb, "from-tag", "1928301774");
    entry(sb, "command", "offer");
    return sb.append('e').toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void entry(StringBuilder sb, String key, Object value) {
    str(sb, key);
    if (value instanceof List<?> l) {
      sb.append('l');
      l.forEach(v -> str(sb, (String) v));
      sb.append('e');
    } else {
      str(sb, (String) value);
    }
  }

  private static void str(StringBuilder sb, String s) {
    sb.append(s.length()).append(':').append(s);
  }

  public BencodeBench() {
    offer = kamailioOffer();
    answerReply =
        BDict.builder()
            .put("result", "ok")
            .put("sdp", BString.of(ANSWER_SDP))
            .put("warning", "Unknown flag encountered: 'foo'")
            .build();
    out = new byte[2048];
  }

  @Benchmark
  public void decodeOfferAndReadKeys(Blackhole bh) throws BencodeException {
    BDict d = BencodeDecoder.decodeDictionary(offer, 0, offer.length, BencodeLimits.NG);
    bh.consume(d.get("call-id"));
    bh.consume(d.get("from-tag"));
    bh.consume(d.get("sdp"));
    BValue flags = d.get("flags");
    if (flags instanceof BList l) {
      for (BValue f : l) {
        bh.consume(((BString) f).contentEquals("trust-address"));
      }
    }
  }

  @Benchmark
  public int encodeAnswerReply() {
    int len = BencodeEncoder.encodedLength(answerReply);
    return BencodeEncoder.encode(answerReply, out, 0) + len;
  }

  @Benchmark
  public byte[] encodeAnswerReplyToNewArray() {
    return BencodeEncoder.encode(answerReply);
  }
}
