package io.isthmus.interop;

/** SDP fixtures helpers. */
final class Sdp {
  private Sdp() {}

  /** Text block lines joined with CRLF and ending in CRLF. */
  static String crlf(String text) {
    String s = text.strip().replace("\r\n", "\n").replace("\n", "\r\n");
    return s + "\r\n";
  }
}
