package io.isthmus.sip.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/** Loads test messages: the RFC 4475 corpus from resources, and text with CRLF line ends. */
final class TestMessages {
  static final List<String> RFC4475 =
      List.of(
          "wsinv",
          "intmeth",
          "esc01",
          "escnull",
          "esc02",
          "lwsdisp",
          "longreq",
          "dblreq",
          "semiuri",
          "transports",
          "mpart01",
          "unreason",
          "noreason",
          "badinv01",
          "clerr",
          "ncl",
          "scalar02",
          "scalarlg",
          "quotbal",
          "ltgtruri",
          "lwsruri",
          "lwsstart",
          "trws",
          "escruri",
          "baddate",
          "regbadct",
          "badaspec",
          "baddn",
          "badvers",
          "mismatch01",
          "mismatch02",
          "bigcode",
          "badbranch",
          "insuf",
          "unkscm",
          "novelsc",
          "unksm2",
          "bext01",
          "invut",
          "regaut01",
          "multi01",
          "mcl01",
          "bcast",
          "zeromf",
          "cparam01",
          "cparam02",
          "regescrt",
          "sdp01",
          "inv2543",
          "test");

  private TestMessages() {}

  static byte[] rfc4475(String name) {
    try (InputStream in = TestMessages.class.getResourceAsStream("/rfc4475/" + name + ".msg")) {
      if (in == null) {
        throw new IllegalArgumentException("no test message " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<String> rfc4475Names() {
    return RFC4475.stream();
  }

  /** Joins lines with CRLF; the text after the last line is appended as is (the body). */
  static byte[] crlf(String... lines) {
    return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  static SipMessage parse(byte[] b) throws io.isthmus.sip.SipParseException {
    return SipParser.parseDatagram(b, 0, b.length);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
