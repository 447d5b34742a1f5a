package io.isthmus.app.wiring;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What the two warm-up user agents share: the messages are text with CRLF line ends, framed with a
 * Content-Length, and parsed with the project's own grammar (so the agents never disagree with the
 * proxy about what a message says). The SDP of both sides is audio plus video, as the sipp
 * scenarios of docs/sipp send it: the relay then opens two streams per side, as for a real call.
 */
final class WarmUpSip {
  private WarmUpSip() {}

  /** A message: {@code head} (start line and headers, each ending in CRLF) and an SDP body. */
  static byte[] message(String head, String sdp) {
    if (sdp == null) {
      return (head + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    byte[] body = sdp.getBytes(StandardCharsets.US_ASCII);
    return (head
            + "Content-Type: application/sdp\r\nContent-Length: "
            + body.length
            + "\r\n\r\n"
            + sdp)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses a datagram; null when it does not parse (a warm-up agent ignores it). */
  static SipMessage parse(byte[] b, int length) {
    try {
      return SipParser.parseDatagram(b, 0, length);
    } catch (SipParseException e) {
      return null;
    }
  }

  /**
   * An audio (PCMU, PCMA, telephone-event) and a video (H.264) stream at {@code media}'s address,
   * the audio on {@code audioPort}, the video on {@code videoPort}.
   */
  static String sdp(String user, InetSocketAddress audio, int videoPort) {
    String ip = audio.getAddress().getHostAddress();
    return "v=0\r\n"
        + "o="
        + user
        + " 1 1 IN IP4 "
        + ip
        + "\r\n"
        + "s=-\r\n"
        + "c=IN IP4 "
        + ip
        + "\r\n"
        + "t=0 0\r\n"
        + "m=audio "
        + audio.getPort()
        + " RTP/AVP 0 8 101\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n"
        + "a=sendrecv\r\n"
        + "m=video "
        + videoPort
        + " RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\n"
        + "a=sendrecv\r\n";
  }

  /**
   * The session connection address and the audio and video ports of an SDP body: {@code [address,
   * audio port, video port]}, or null when one is missing. Only what the warm-up's own SDP (as the
   * relay rewrote it) contains: one c= line at session level, one audio and one video m= line.
   */
  static InetSocketAddress[] media(byte[] body) {
    String text = new String(body, StandardCharsets.US_ASCII);
    String address = null;
    int audio = -1;
    int video = -1;
    for (String line : text.split("\r\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        address = line.substring("c=IN IP4 ".length()).trim();
      } else if (line.startsWith("m=audio ")) {
        audio = port(line, "m=audio ");
      } else if (line.startsWith("m=video ")) {
        video = port(line, "m=video ");
      }
    }
    if (address == null || audio <= 0 || video <= 0) {
      return null;
    }
    InetAddress ip;
    try {
      ip = InetAddress.ofLiteral(address); // a literal: never a name lookup
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new InetSocketAddress[] {
      new InetSocketAddress(ip, audio), new InetSocketAddress(ip, video)
    };
  }

  private static int port(String line, String prefix) {
    int end = line.indexOf(' ', prefix.length());
    try {
      return Integer.parseInt(line.substring(prefix.length(), end < 0 ? line.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
