package io.isthmus.sip.uri;

/**
 * Character classes of the RFC 3261 §25.1 grammar, as one lookup table over the 256 byte values.
 *
 * <p>Escapes ({@code %HH}) are not a class of their own: callers check for {@code %} where the
 * grammar allows {@code escaped} and validate the two hex digits with {@link #isHex(int)}.
 */
public final class SipChars {
  private static final int ALPHANUM = 1;
  private static final int UNRESERVED = 1 << 1; // alphanum / mark
  private static final int TOKEN = 1 << 2;
  private static final int USER = 1 << 3; // unreserved / user-unreserved
  private static final int PASSWORD = 1 << 4; // unreserved / & = + $ ,
  private static final int PARAM = 1 << 5; // param-unreserved / unreserved
  private static final int HNV = 1 << 6; // hnv-unreserved / unreserved
  private static final int WORD = 1 << 7; // Call-ID word
  private static final int HOST = 1 << 8; // alphanum / - / .
  private static final int HEX = 1 << 9;
  private static final int URIC = 1 << 10; // reserved / unreserved (RFC 2396, with [ ] of RFC 2732)
  private static final int SCHEME = 1 << 11; // ALPHA / DIGIT / + / - / .

  private static final short[] TABLE = new short[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      add(c, ALPHANUM | HEX | SCHEME);
    }
    for (int c = 'a'; c <= 'z'; c++) {
      add(c, ALPHANUM | SCHEME);
      add(Character.toUpperCase(c), ALPHANUM | SCHEME);
    }
    for (int c = 'a'; c <= 'f'; c++) {
      add(c, HEX);
      add(Character.toUpperCase(c), HEX);
    }
    for (int c = 0; c < 256; c++) {
      if ((TABLE[c] & ALPHANUM) != 0) {
        add(c, UNRESERVED | TOKEN | USER | PASSWORD | PARAM | HNV | WORD | HOST | URIC);
      }
    }
    addAll("-_.!~*'()", UNRESERVED | USER | PASSWORD | PARAM | HNV | URIC);
    addAll("-.!%*_+`'~", TOKEN);
    addAll("&=+$,;?/", USER);
    addAll("&=+$,", PASSWORD);
    addAll("[]/:&+$", PARAM);
    addAll("[]/?:+$", HNV);
    addAll("-.!%*_+`'~()<>:\\\"/[]?{}", WORD);
    addAll("-.", HOST);
    addAll(";/?:@&=+$,[]", URIC);
    addAll("+-.", SCHEME);
  }

  private SipChars() {}

  private static void add(int c, int flags) {
    TABLE[c] |= (short) flags;
  }

  private static void addAll(String chars, int flags) {
    for (int i = 0; i < chars.length(); i++) {
      add(chars.charAt(i), flags);
    }
  }

  private static boolean is(int b, int flag) {
    return (TABLE[b & 0xFF] & flag) != 0;
  }

  /** {@code token} characters (RFC 3261 §25.1). */
  public static boolean isToken(int b) {
    return is(b, TOKEN);
  }

  /** ALPHA / DIGIT. */
  public static boolean isAlphanum(int b) {
    return is(b, ALPHANUM);
  }

  /** DIGIT. */
  public static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  /** HEXDIG, either case. */
  public static boolean isHex(int b) {
    return is(b, HEX);
  }

  /** ALPHA. */
  public static boolean isAlpha(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  /** {@code unreserved} = alphanum / mark. */
  public static boolean isUnreserved(int b) {
    return is(b, UNRESERVED);
  }

  /** Characters of a SIP URI {@code user} other than {@code escaped}. */
  public static boolean isUser(int b) {
    return is(b, USER);
  }

  /** Characters of a SIP URI {@code password} other than {@code escaped}. */
  public static boolean isPassword(int b) {
    return is(b, PASSWORD);
  }

  /** {@code paramchar} other than {@code escaped}. */
  public static boolean isParamChar(int b) {
    return is(b, PARAM);
  }

  /** Characters of URI {@code hname}/{@code hvalue} other than {@code escaped}. */
  public static boolean isHeaderChar(int b) {
    return is(b, HNV);
  }

  /** Characters of a Call-ID {@code word}. */
  public static boolean isWord(int b) {
    return is(b, WORD);
  }

  /** Characters a hostname or IPv4 address is made of. */
  public static boolean isHostChar(int b) {
    return is(b, HOST);
  }

  /** {@code uric} other than {@code escaped}: what the opaque part of an absoluteURI holds. */
  public static boolean isUric(int b) {
    return is(b, URIC);
  }

  /** Characters of a URI scheme after the first ALPHA. */
  public static boolean isSchemeChar(int b) {
    return is(b, SCHEME);
  }

  /** SP or HTAB. */
  public static boolean isWsp(int b) {
    return b == ' ' || b == '\t';
  }

  /** The value of one hex digit (the caller checked {@link #isHex}). */
  public static int hexValue(int b) {
    if (b <= '9') {
      return b - '0';
    }
    return (b | 0x20) - 'a' + 10;
  }
}
