package io.isthmus.bench.sip;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing and re-serializing a typical INVITE with an audio+video SDP body, as the proxy does for
 * every request it forwards. Run with {@code -prof gc} to see bytes allocated per operation: the
 * output buffer is reused, so what is allocated is the parser's and the editor's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SipParseBench {
  static final String SDP =
      "v=0\r\n"
          + "o=alice 2890844526 2890844526 IN IP4 198.51.100.10\r\n"
          + "s=-\r\n"
          + "c=IN IP4 198.51.100.10\r\n"
          + "t=0 0\r\n"
          + "m=audio 49170 RTP/AVP 0 8 101\r\n"
          + "a=rtpmap:0 PCMU/8000\r\n"
          + "a=rtpmap:8 PCMA/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\n"
          + "a=fmtp:101 0-16\r\n"
          + "a=sendrecv\r\n"
          + "m=video 51372 RTP/AVP 96\r\n"
          + "a=rtpmap:96 H264/90000\r\n"
          + "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n"
          + "a=sendrecv\r\n";

  static final String INVITE =
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "Route: <sip:edge.example.com;lr>, <sip:core.example.com;lr>\r\n"
          + "To: Bob <sip:bob@biloxi.example.com>\r\n"
          + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
          + "CSeq: 314159 INVITE\r\n"
          + "Contact: <sip:alice@pc33.atlanta.example.com:5060;transport=udp>\r\n"
          + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER, NOTIFY\r\n"
          + "Supported: replaces, timer, 100rel\r\n"
          + "User-Agent: Isthmus-Bench/1.0\r\n"
          + "Content-Type: application/sdp\r\n"
          + "Content-Length: "
          + SDP.length()
          + "\r\n\r\n"
          + SDP;

  private byte[] datagram;
  private SipRequest parsed;
  private byte[] out;

  @Setup
  public void setUp() throws SipParseException {
    datagram = INVITE.getBytes(StandardCharsets.US_ASCII);
    parsed = (SipRequest) SipParser.parseDatagram(datagram, 0, datagram.length);
    out = new byte[datagram.length * 2];
  }

  /** Parse, then read what a proxy needs to route and match the request. */
  @Benchmark
  public void parseAndReadProxyHeaders(Blackhole bh) throws SipParseException {
    SipMessage m = SipParser.parseDatagram(datagram, 0, datagram.length);
    bh.consume(m.topVia().branch());
    bh.consume(m.callId());
    bh.consume(m.cseq().number());
    bh.consume(m.from().tag());
    bh.consume(m.to().tag());
    bh.consume(m.maxForwards());
    bh.consume(m.routes().getFirst());
  }

  /** Framing and the header index only: what every message pays before any header is read. */
  @Benchmark
  public SipMessage parseOnly() throws SipParseException {
    return SipParser.parseDatagram(datagram, 0, datagram.length);
  }

  /** The proxy edit of RFC 3261 §16.6 on a parsed request, written to a reused buffer. */
  @Benchmark
  public int serializeAfterProxyEdit() {
    return parsed
        .edit()
        .pushVia("SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKproxy1")
        .addRecordRoutes("<sip:127.0.2.1;lr>", "<sip:127.0.1.1;lr>")
        .maxForwards(69)
        .removeTopRoute()
        .writeTo(out, 0);
  }

  /**
   * Baseline for the parse figures, measured in the same run: the least a String-based parser does,
   * decoding the datagram to a String and splitting it into lines. Ratios against it survive the
   * noise of a shared machine better than absolute nanoseconds.
   */
  @Benchmark
  public String[] baselineStringSplit() {
    return new String(datagram, StandardCharsets.US_ASCII).split("\r\n");
  }

  /** Baseline for the serialize figures: one plain copy of the datagram into the output buffer. */
  @Benchmark
  public int baselineArrayCopy() {
    System.arraycopy(datagram, 0, out, 0, datagram.length);
    return datagram.length;
  }

  /** Writing an unedited message: one copy of the bytes as they came. */
  @Benchmark
  public int serializeUnedited() {
    return parsed.writeTo(out, 0);
  }
}
