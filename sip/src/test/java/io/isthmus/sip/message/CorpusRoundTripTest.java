package io.isthmus.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.SipParseException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every test message that parses (RFC 4475, RFC 5118), writing it without edits gives back
 * exactly the bytes it came in, up to Content-Length framing - through the message and through an
 * editor with no edits.
 */
class CorpusRoundTripTest {

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Stream<Path> all = Stream.empty();
    for (String dir : List.of("/rfc4475", "/rfc5118")) {
      Path p = Path.of(CorpusRoundTripTest.class.getResource(dir).toURI());
      try (Stream<Path> files = Files.list(p)) {
        List<Path> msgs = files.filter(f -> f.toString().endsWith(".msg")).sorted().toList();
        // Messages rejected at framing have nothing to write back; the verdict tables check why.
        msgs = msgs.stream().filter(CorpusRoundTripTest::parses).toList();
        all = Stream.concat(all, msgs.stream());
      }
    }
    return all;
  }

  private static boolean parses(Path file) {
    try {
      TestMessages.parse(Files.readAllBytes(file));
      return true;
    } catch (SipParseException | IOException e) {
      return false;
    }
  }

  @Test
  void everyMessageThatParsesIsInTheCorpus() throws Exception {
    // 50 + 12 files, of which 9 are refused at framing (bad start line, Content-Length, ...).
    assertThat(corpus().count()).isEqualTo(50 + 12 - 9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void unEditedMessageIsWrittenByteForByte(Path file) throws IOException, SipParseException {
    byte[] in = Files.readAllBytes(file);
    SipMessage m = TestMessages.parse(in);
    byte[] expected = Arrays.copyOf(in, m.size());
    assertThat(m.toBytes()).isEqualTo(expected);
    byte[] viaEditor =
        switch (m) {
          case SipRequest r -> r.edit().toBytes();
          case SipResponse r -> r.edit().toBytes();
        };
    assertThat(viaEditor).isEqualTo(expected);
    byte[] into = new byte[m.size() + 4];
    assertThat(m.writeTo(into, 4)).isEqualTo(m.size());
    assertThat(Arrays.copyOfRange(into, 4, into.length)).isEqualTo(expected);
  }
}
