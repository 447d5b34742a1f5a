package io.isthmus.hep;

import io.netty.buffer.ByteBuf;

/** UTF-8 length and encoding of a {@link CharSequence} into a buffer, without a byte[] copy. */
final class Utf8 {
  private Utf8() {}

  /** Octets of {@code s} in UTF-8 (an unpaired surrogate counts as one '?'). */
  static int length(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Writes {@code s} in UTF-8 at the writer index: exactly {@link #length} octets. */
  static void write(ByteBuf out, CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.writeByte(c);
      } else if (c < 0x800) {
        out.writeByte(0xC0 | (c >> 6));
        out.writeByte(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.writeByte(0xF0 | (cp >> 18));
        out.writeByte(0x80 | ((cp >> 12) & 0x3F));
        out.writeByte(0x80 | ((cp >> 6) & 0x3F));
        out.writeByte(0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out.writeByte('?');
      } else {
        out.writeByte(0xE0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3F));
        out.writeByte(0x80 | (c & 0x3F));
      }
    }
  }
}
