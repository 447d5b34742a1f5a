package io.isthmus.sdp;

/**
 * {@code a=rtcp-fb:<format or *> <feedback>}, RFC 4585 §4.2, e.g. {@code 96 nack pli}. The feedback
 * text is kept whole.
 */
public record RtcpFb(String format, String feedback) {

  /** The wildcard format: the feedback applies to every payload type of the section. */
  public static final String ALL_FORMATS = "*";

  static RtcpFb parse(SdpLine line) throws SdpParseException {
    String[] f = FormatAndRest.split(line, "expected <format> <feedback>", true);
    return new RtcpFb(f[0], f[1]);
  }

  /** The attribute value. */
  public String value() {
    return format + " " + feedback;
  }
}
