package io.isthmus.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.isthmus.sip.SipParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the message parser. Properties: only SipParseException escapes parsing and the typed
 * accessors; an accepted message writes back exactly the bytes it came in; an edit builds a message
 * that parses; the validator always gives a verdict; a stream cut anywhere gives the same messages.
 *
 * <p>Under {@code mvn test} only the corpus in {@code SipParserFuzzTestInputs} runs.
 */
class SipParserFuzzTest {
  private static final SipValidator VALIDATOR = new SipValidator(Set.of("timer"));
  private static final SipLimits SMALL = new SipLimits(4096, 32, 1024);

  @FuzzTest(maxDuration = "60s")
  void parserKeepsItsContract(byte[] data) {
    SipMessage m;
    try {
      m = SipParser.parseDatagram(data, 0, data.length, SMALL);
    } catch (SipParseException e) {
      assertThat(e.offset()).isBetween(0, data.length);
      assertThat(SipValidator.forParseError(data, 0, data.length, e).accepted()).isFalse();
      checkStream(data);
      return;
    }
    int start = SipParser.skipLeadingCrlf(data, 0, data.length);
    assertThat(m.toBytes()).isEqualTo(Arrays.copyOfRange(data, start, start + m.size()));
    touchTypedAccessors(m);
    assertThat(VALIDATOR.validate(m)).isNotNull();
    SipMessage edited = edit(m);
    assertThat(edited.bodyBytes()).isEqualTo(m.bodyBytes());
    checkStream(data);
  }

  private static void touchTypedAccessors(SipMessage m) {
    List<ThrowingCall> calls =
        new ArrayList<>(
            List.of(
                m::callId,
                m::cseq,
                m::from,
                m::to,
                m::vias,
                m::topVia,
                m::maxForwards,
                m::routes,
                m::recordRoutes,
                m::contacts));
    if (m instanceof SipRequest r) {
      calls.add(r::requestUri);
    }
    for (ThrowingCall call : calls) {
      try {
        call.run();
      } catch (SipParseException expected) {
        // malformed or missing: the declared outcome
      }
    }
    for (HeaderName name : List.of(HeaderName.VIA, HeaderName.CONTACT, HeaderName.SUBJECT)) {
      assertThat(m.headerValues(name)).hasSizeGreaterThanOrEqualTo(m.hasHeader(name) ? 1 : 0);
    }
  }

  private static SipMessage edit(SipMessage m) {
    return switch (m) {
      case SipRequest r -> {
        RequestEditor e =
            r.edit().pushVia("SIP/2.0/UDP 127.0.1.1;branch=z9hG4bKfuzz").maxForwards(69);
        if (r.hasHeader(HeaderName.ROUTE)) {
          e.removeTopRoute();
        }
        SipRequest built = e.addRecordRoutes("<sip:127.0.1.1;lr>").build();
        assertThat(built.edit().removeTopVia().build().valueCount(HeaderName.VIA))
            .isEqualTo(r.valueCount(HeaderName.VIA));
        yield built;
      }
      case SipResponse r ->
          r.hasHeader(HeaderName.VIA) ? r.edit().removeTopVia().build() : r.edit().build();
    };
  }

  /** Feeding the bytes whole or in two cuts gives the same messages, or fails both ways. */
  private static void checkStream(byte[] data) {
    List<byte[]> whole = stream(data, data.length);
    List<byte[]> cut = stream(data, data.length / 3);
    if (whole == null || cut == null) {
      assertThat(cut == null).as("cut fails like whole").isEqualTo(whole == null);
      return;
    }
    assertThat(cut).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(cut.get(i)).isEqualTo(whole.get(i));
    }
  }

  private static List<byte[]> stream(byte[] data, int firstChunk) {
    SipStreamDecoder decoder = new SipStreamDecoder(SMALL);
    List<byte[]> out = new ArrayList<>();
    try {
      for (SipMessage m : decoder.feed(data, 0, firstChunk)) {
        out.add(m.toBytes());
      }
      for (SipMessage m : decoder.feed(data, firstChunk, data.length - firstChunk)) {
        out.add(m.toBytes());
      }
    } catch (SipParseException e) {
      return null;
    }
    return out;
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws SipParseException;
  }
}
