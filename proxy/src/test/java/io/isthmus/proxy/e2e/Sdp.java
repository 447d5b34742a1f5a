package io.isthmus.proxy.e2e;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Test SDP: an audio+video offer on given ports, and the media addresses read back from one. */
final class Sdp {
  private Sdp() {}

  static String of(String ip, String user, int audioPort, int videoPort, String direction) {
    return "v=0\r\no="
        + user
        + " 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + audioPort
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na="
        + direction
        + "\r\nm=video "
        + videoPort
        + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na="
        + direction
        + "\r\n";
  }

  /** The RTP address of each m= line, in order (the session or media c= with the m= port). */
  static List<InetSocketAddress> media(String sdp) {
    List<InetSocketAddress> out = new ArrayList<>();
    String session = null;
    String current = null;
    List<Integer> ports = new ArrayList<>();
    List<String> addrs = new ArrayList<>();
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        current = line.substring(9).trim();
        if (ports.isEmpty()) {
          session = current;
        } else {
          addrs.set(addrs.size() - 1, current);
        }
      } else if (line.startsWith("m=")) {
        ports.add(Integer.parseInt(line.split(" ")[1]));
        addrs.add(null);
      }
    }
    for (int i = 0; i < ports.size(); i++) {
      String a = addrs.get(i) != null ? addrs.get(i) : session;
      out.add(new InetSocketAddress(a, ports.get(i)));
    }
    return out;
  }

  static InetSocketAddress rtcp(InetSocketAddress rtp) {
    return new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
  }
}
