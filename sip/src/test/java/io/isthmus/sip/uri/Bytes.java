package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;
import java.nio.charset.StandardCharsets;

/** Test helpers: parse a string placed at an offset inside a larger buffer. */
final class Bytes {
  /** Bytes of junk before the text, so offsets prove they are relative to the buffer. */
  static final int PAD = 7;

  private Bytes() {}

  static byte[] padded(String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[PAD + t.length + 3];
    java.util.Arrays.fill(b, (byte) '#');
    System.arraycopy(t, 0, b, PAD, t.length);
    return b;
  }

  static int len(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  static Uri uri(String text) throws SipParseException {
    return Uri.parse(padded(text), PAD, len(text));
  }

  static SipUri sip(String text) throws SipParseException {
    return (SipUri) uri(text);
  }
}
