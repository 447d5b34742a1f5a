package io.isthmus.sdp;

/**
 * {@code a=fmtp:<format> <format specific parameters>}, RFC 8866 §6.15. The parameters are kept as
 * text: their syntax belongs to each codec.
 */
public record Fmtp(String format, String parameters) {

  static Fmtp parse(SdpLine line) throws SdpParseException {
    String[] f = FormatAndRest.split(line, "expected <format> <parameters>", false);
    return new Fmtp(f[0], f[1]);
  }

  /** The format as an RTP payload type, or -1 if it is not one. */
  public int payloadType() {
    return Tokens.parseUnsigned(format, Rtpmap.MAX_PAYLOAD_TYPE);
  }

  /** The attribute value. */
  public String value() {
    return parameters.isEmpty() ? format : format + " " + parameters;
  }
}
