package io.isthmus.bench.sdp;

import io.isthmus.sdp.Direction;
import io.isthmus.sdp.MediaEditor;
import io.isthmus.sdp.Rtcp;
import io.isthmus.sdp.SdpEditor;
import io.isthmus.sdp.SdpParseException;
import io.isthmus.sdp.SessionDescription;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SDP on the offer path of the relay: parsing an audio+video offer (about 1.1 KB, with ICE),
 * writing it back unchanged, and the rewrite a relay makes (origin, c=, ports, a=rtcp, ICE removed,
 * a codec stripped, direction) followed by serialization.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SdpRewriteBench {
  static final String OFFER =
      "v=0\r\no=- 1545997027 1 IN IP4 198.51.100.1\r\ns=tester\r\nt=0 0\r\n"
          + "m=audio 2000 RTP/AVP 0 8 9 18 101\r\nc=IN IP4 198.51.100.1\r\n"
          + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
          + "a=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=rtpmap:101 telephone-event/8000\r\n"
          + "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\na=rtcp:2001\r\n"
          + "a=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n"
          + "a=candidate:1 1 UDP 2130706431 198.51.100.1 2000 typ host\r\n"
          + "a=candidate:1 2 UDP 2130706430 198.51.100.1 2001 typ host\r\n"
          + "m=video 2002 RTP/AVP 96 97\r\nc=IN IP4 198.51.100.1\r\na=rtpmap:96 H264/90000\r\n"
          + "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\na=rtpmap:97 VP8/90000\r\n"
          + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
          + "a=rtcp-fb:97 nack\r\na=rtcp-fb:97 nack pli\r\na=sendrecv\r\na=ice-ufrag:F7gI\r\n"
          + "a=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n"
          + "a=candidate:1 1 UDP 2130706431 198.51.100.1 2002 typ host\r\n"
          + "a=candidate:1 2 UDP 2130706430 198.51.100.1 2003 typ host\r\n";

  private static final List<String> STRIP = List.of("9");

  byte[] offer;
  SessionDescription parsed;

  @Setup
  public void setup() throws SdpParseException {
    offer = OFFER.getBytes(StandardCharsets.ISO_8859_1);
    parsed = SessionDescription.parse(offer);
  }

  @Benchmark
  public SessionDescription parse() throws SdpParseException {
    return SessionDescription.parse(offer);
  }

  @Benchmark
  public byte[] serializeUnchanged() {
    return parsed.toBytes();
  }

  @Benchmark
  public byte[] parseRewriteSerialize() throws SdpParseException {
    SdpEditor e = SessionDescription.parse(offer).edit();
    e.setOriginAddress("IP4", "127.0.2.1").bumpOriginVersion().removeIce();
    for (int i = 0; i < e.mediaCount(); i++) {
      int port = 30000 + 2 * i;
      MediaEditor m = e.media(i);
      m.setPort(port)
          .setConnection("IP4", "127.0.2.1")
          .setRtcp(Rtcp.of(port + 1))
          .removeIce()
          .removeFormats(STRIP)
          .setDirection(Direction.SENDRECV);
    }
    return e.toBytes();
  }
}
