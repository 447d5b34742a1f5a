package io.isthmus.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads sipp's message trace ({@code -trace_msg -message_file}): every message sipp sent or
 * received, each after a dashed separator line and a "UDP message received/sent" line.
 */
public final class SippTrace {
  private SippTrace() {}

  /**
   * A received message.
   *
   * @param text the SIP message as sipp logged it
   */
  public record Received(String text) {
    public String startLine() {
      return text.lines().findFirst().orElse("");
    }

    /** The first SDP line starting with {@code prefix} (e.g. "c=", "m=audio "), or empty. */
    public Optional<String> sdpLine(String prefix) {
      int body = text.indexOf("\n\n");
      if (body < 0) {
        body = text.indexOf("\r\n\r\n");
      }
      if (body < 0) {
        return Optional.empty();
      }
      return text.substring(body)
          .lines()
          .map(String::strip)
          .filter(l -> l.startsWith(prefix))
          .findFirst();
    }
  }

  /** The messages sipp received so far (the file may still be growing). */
  public static List<Received> received(Path messageFile) throws IOException {
    List<Received> out = new ArrayList<>();
    if (!Files.exists(messageFile)) {
      return out;
    }
    String all = Files.readString(messageFile, StandardCharsets.ISO_8859_1);
    for (String block : ("\n" + all).split("\n-{10,}[^\n]*\n")) {
      int nl = block.indexOf('\n');
      if (nl < 0 || !block.substring(0, nl).contains("message received")) {
        continue;
      }
      out.add(new Received(block.substring(nl + 1).replace("\r\n", "\n").strip()));
    }
    return out;
  }

  /** The first received message whose start line starts with {@code startLine}, if any yet. */
  public static Optional<Received> firstReceived(Path messageFile, String startLine)
      throws IOException {
    return received(messageFile).stream()
        .filter(m -> m.startLine().startsWith(startLine))
        .findFirst();
  }
}
