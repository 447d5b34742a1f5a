package io.isthmus.sdp;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}, RFC 8866
 * §6.6. For audio the encoding parameter is the number of channels.
 *
 * @param channels the encoding parameter (channels), or -1 if absent (meaning one channel)
 */
public record Rtpmap(int payloadType, String encoding, int clockRate, int channels) {

  /** Highest RTP payload type (RFC 3550 §5.1: 7 bits). */
  public static final int MAX_PAYLOAD_TYPE = 127;

  static Rtpmap parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    int sp = v == null ? -1 : v.indexOf(' ');
    if (sp < 0) {
      throw SdpParseException.at(
          line, "expected <payload type> <encoding name>/<clock rate>[/<channels>]");
    }
    int pt = Tokens.parseUnsigned(v.substring(0, sp), MAX_PAYLOAD_TYPE);
    if (pt < 0) {
      throw SdpParseException.at(line, "payload type is not a number 0-127");
    }
    String[] enc = v.substring(sp + 1).strip().split("/", -1);
    if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
      throw SdpParseException.at(line, "expected <encoding name>/<clock rate>[/<channels>]");
    }
    int rate = Tokens.parseUnsigned(enc[1], Integer.MAX_VALUE);
    if (rate < 0) {
      throw SdpParseException.at(line, "clock rate is not a number");
    }
    int channels = -1;
    if (enc.length == 3) {
      channels = Tokens.parseUnsigned(enc[2], 255);
      if (channels < 0) {
        throw SdpParseException.at(line, "channels is not a number");
      }
    }
    return new Rtpmap(pt, enc[0], rate, channels);
  }

  /** The number of channels, 1 when the line does not say. */
  public int channelCount() {
    return channels < 0 ? 1 : channels;
  }

  /** The attribute value, e.g. {@code 0 PCMU/8000} or {@code 111 opus/48000/2}. */
  public String value() {
    String base = payloadType + " " + encoding + "/" + clockRate;
    return channels < 0 ? base : base + "/" + channels;
  }
}
