package io.isthmus.sip.uri;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Uri#parse}. Under plain {@code mvn test} it replays {@code UriFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Properties: only {@link SipParseException} escapes, with status 400 and an offset inside the
 * range given (which starts after a few junk bytes); an accepted URI is equivalent to itself, its
 * canonical text parses again to an equivalent URI with the same text, and a SIP URI rebuilt by its
 * builder has the same text.
 */
class UriFuzzTest {
  private static final int PAD = 3;

  @FuzzTest(maxDuration = "60s")
  void parsesAndRoundTrips(byte[] input) {
    byte[] buf = new byte[PAD + input.length + 2];
    java.util.Arrays.fill(buf, (byte) '@');
    System.arraycopy(input, 0, buf, PAD, input.length);
    Uri uri;
    try {
      uri = Uri.parse(buf, PAD, input.length);
    } catch (SipParseException e) {
      check(e.status() == 400, "status " + e.status());
      check(e.offset() >= PAD && e.offset() <= PAD + input.length, "offset out of range: " + e);
      check(!e.reason().isEmpty(), "empty reason");
      return;
    }
    check(uri.equivalentTo(uri), "not equivalent to itself: " + uri);
    String text = uri.toString();
    Uri again;
    try {
      again = Uri.parse(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
    } catch (SipParseException e) {
      throw new AssertionError("canonical text does not parse: " + text, e);
    }
    check(again.toString().equals(text), "canonical text not stable: " + text + " -> " + again);
    check(
        uri.equivalentTo(again) && again.equivalentTo(uri),
        "not equivalent after round trip: " + text);
    if (uri instanceof SipUri s) {
      s.userDecoded();
      s.ttl();
      s.looseRouting();
      check(s.toBuilder().build().toString().equals(text), "builder changed " + text);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
