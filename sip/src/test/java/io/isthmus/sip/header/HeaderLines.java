package io.isthmus.sip.header;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only splitter of a message's header section: request line and header fields as ranges of
 * the original buffer, folded lines kept inside their field. It stands in for the message layer's
 * framer so the RFC 5118 test can feed our parsers offsets relative to the whole message.
 */
final class HeaderLines {
  /** One header field: name and the range of its value (leading blanks skipped). */
  record Field(String name, int valueOffset, int valueLength) {}

  final byte[] message;
  final int requestUriOffset;
  final int requestUriLength;
  final List<Field> fields = new ArrayList<>();

  HeaderLines(byte[] message) {
    this.message = message;
    int lineEnd = lineEnd(0);
    int sp1 = indexOf((byte) ' ', 0, lineEnd);
    int sp2 = indexOf((byte) ' ', sp1 + 1, lineEnd);
    requestUriOffset = sp1 + 1;
    requestUriLength = sp2 - sp1 - 1;
    int pos = lineEnd + 2;
    while (pos < message.length && message[pos] != '\r') {
      int end = lineEnd(pos);
      // Folded continuation lines belong to this field (RFC 3261 §7.3.1).
      while (end + 2 < message.length && (message[end + 2] == ' ' || message[end + 2] == '\t')) {
        end = lineEnd(end + 2);
      }
      int colon = indexOf((byte) ':', pos, end);
      int nameEnd = colon;
      while (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t') {
        nameEnd--;
      }
      int value = colon + 1;
      while (value < end && (message[value] == ' ' || message[value] == '\t')) {
        value++;
      }
      fields.add(new Field(new String(message, pos, nameEnd - pos), value, end - value));
      pos = end + 2;
    }
  }

  static HeaderLines load(String resource) {
    try (InputStream in = HeaderLines.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + resource);
      }
      return new HeaderLines(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Field> all(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
  }

  Field first(String name) {
    return all(name).getFirst();
  }

  private int lineEnd(int from) {
    for (int i = from; i + 1 < message.length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("no CRLF after offset " + from);
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (message[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("no '" + (char) b + "' in " + from + ".." + to);
  }
}
