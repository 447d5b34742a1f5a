package io.isthmus.interop;

import io.isthmus.interop.NormalizedReply.Section;
import io.isthmus.media.codec.G711;
import io.isthmus.testkit.StunChecks;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media checks of the differential test: packets sent through an engine from the parties' SDP
 * addresses, and what reaches the other party, in a form both engines' results can be compared in
 * (symbols for SSRCs an engine chose, "sent" for a field passed unchanged).
 *
 * <p>Party {@code a} is the public party (127.0.1.100), {@code b} the private one (127.0.2.100);
 * each sends from the port its latest SDP announced (RTCP from the next one), or with {@code @nat}
 * from 50 above it (a party that moved: NAT learning). Flows:
 *
 * <ul>
 *   <li>{@code a>b}: five RTP packets (marker on the first, sequence from 100 or 2000, 160-sample
 *       steps, SSRC A or B, the first payload type of its SDP); {@code a>b:ssrc2} the same from a
 *       second SSRC (A2, B2);
 *   <li>{@code a>b:rtcp}: one SR with a report block about what the party last received;
 *   <li>{@code stun:a}: a connectivity check (USE-CANDIDATE) to the relay's port with the
 *       credentials of the relay's SDP, and its answer.
 * </ul>
 *
 * Connectivity checks an engine sends to a party (rtpengine is a full ICE agent) are answered with
 * the party's credentials and not counted as media. The parties' sockets exist only during a check.
 */
final class MediaProbe {
  private static final String A = Interop.PUBLIC_PARTY;
  private static final String B = Interop.PRIVATE_PARTY;
  private static final long SSRC_A = 0x11111111L;
  private static final long SSRC_A2 = 0x22222222L;
  private static final long SSRC_B = 0x33333333L;
  private static final long SSRC_B2 = 0x44444444L;
  private static final int NAT_OFFSET = 50;
  private static final int IDLE_MS = 250;
  private static final Pattern M_LINE = Pattern.compile("(?m)^m=audio (\\d+) \\S+ (\\d+)");
  private static final Pattern C_LINE = Pattern.compile("(?m)^c=IN IP4 (\\S+)");

  private final Map<String, Integer> partyPort = new HashMap<>();
  private final Map<String, Integer> partyPt = new HashMap<>();
  private final Map<String, String[]> partyIce = new HashMap<>();
  private final Map<String, Integer> relayPort = new HashMap<>();
  private final Map<String, String[]> relayIce = new HashMap<>();
  private final Map<Long, String> symbols = new HashMap<>();
  private final Map<String, Long> lastReceivedSsrc = new HashMap<>();
  private int checks;

  /** Records what a request and its reply said about addresses, ports and ICE. */
  void signalled(String requestSdp, String replySdp) {
    if (requestSdp != null) {
      String address = connection(requestSdp);
      Matcher m = M_LINE.matcher(requestSdp);
      if (address != null && m.find() && !m.group(1).equals("0")) {
        partyPort.put(address, Integer.parseInt(m.group(1)));
        partyPt.put(address, Integer.parseInt(m.group(2)));
        String[] ice = ice(requestSdp);
        if (ice != null) {
          partyIce.put(address, ice);
        }
      }
    }
    if (replySdp != null) {
      String iface = connection(replySdp);
      Matcher m = M_LINE.matcher(replySdp);
      if (iface != null && m.find()) {
        relayPort.put(iface, Integer.parseInt(m.group(1)));
        String[] ice = ice(replySdp);
        if (ice != null) {
          relayIce.put(iface, ice);
        }
      }
    }
  }

  private static String connection(String sdp) {
    String media = sdp.contains("\nm=") ? sdp.substring(sdp.indexOf("\nm=")) : "";
    Matcher m = C_LINE.matcher(media);
    if (m.find()) {
      return m.group(1);
    }
    m = C_LINE.matcher(sdp);
    return m.find() ? m.group(1) : null;
  }

  private static String[] ice(String sdp) {
    Matcher u = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)").matcher(sdp);
    Matcher p = Pattern.compile("(?m)^a=ice-pwd:(\\S+)").matcher(sdp);
    return u.find() && p.find() ? new String[] {u.group(1), p.group(1)} : null;
  }

  /** Runs the flows of one check and returns what arrived, as a comparable reply. */
  NormalizedReply run(List<String> flows) throws IOException, InterruptedException {
    SortedMap<String, String> fields = new TreeMap<>();
    checks++;
    try (Party a = new Party(A, partyPort.getOrDefault(A, 6000));
        Party b = new Party(B, partyPort.getOrDefault(B, 7000))) {
      for (int i = 0; i < flows.size(); i++) {
        String flow = flows.get(i);
        String key = "media." + checks + "." + (i + 1) + " " + flow;
        if (flow.startsWith("stun:")) {
          stun(flow.endsWith("a") ? a : b, key, fields);
          continue;
        }
        boolean rtcp = flow.endsWith(":rtcp");
        boolean second = flow.endsWith(":ssrc2");
        String route = flow.split(":")[0];
        boolean nat = route.contains("@nat");
        Party from = route.startsWith("a") ? a : b;
        Party to = from == a ? b : a;
        if (rtcp) {
          rtcp(from, to, key, fields);
        } else {
          rtp(from, to, nat, second, key, fields);
        }
      }
    }
    return new NormalizedReply(fields, List.<Section>of());
  }

  private String relayOf(Party p) {
    return p.address.equals(A) ? Interop.PUBLIC_IF : Interop.PRIVATE_IF;
  }

  private void rtp(
      Party from, Party to, boolean nat, boolean second, String key, Map<String, String> out)
      throws IOException, InterruptedException {
    Integer port = relayPort.get(relayOf(from));
    if (port == null) {
      out.put(key, "no relay port signalled");
      return;
    }
    boolean fromA = from.address.equals(A);
    long ssrc = fromA ? (second ? SSRC_A2 : SSRC_A) : (second ? SSRC_B2 : SSRC_B);
    int seq0 = from.address.equals(A) ? 100 : 2000;
    long ts0 = from.address.equals(A) ? 8000 : 50_000;
    int pt = partyPt.getOrDefault(from.address, 0);
    List<byte[]> sent = new ArrayList<>();
    DatagramSocket socket = nat ? from.nat : from.rtp;
    for (int k = 0; k < 5; k++) {
      byte[] p = new byte[12 + 160];
      ByteBuffer.wrap(p)
          .put((byte) 0x80)
          .put((byte) ((k == 0 ? 0x80 : 0) | pt))
          .putShort((short) (seq0 + k))
          .putInt((int) (ts0 + 160L * k))
          .putInt((int) ssrc);
      for (int j = 12; j < p.length; j++) {
        p[j] = (byte) (j * 37 + k);
      }
      sent.add(p);
      socket.send(new DatagramPacket(p, p.length, InetAddress.ofLiteral(relayOf(from)), port));
      Thread.sleep(5); // packet spacing, not a wait for a result
    }
    List<String> got = new ArrayList<>();
    for (Received r : to.drain()) {
      if (r.at.equals("rtcp")) {
        continue;
      }
      int k = got.size();
      byte[] s = sent.get(Math.min(k, sent.size() - 1));
      got.add("at=" + r.at + " " + describeRtp(r.data, s));
      lastReceivedSsrc.put(to.address, ByteBuffer.wrap(r.data).getInt(8) & 0xFFFF_FFFFL);
    }
    out.put(key + " packets", Integer.toString(got.size()));
    for (int k = 0; k < got.size(); k++) {
      out.put(key + " [" + k + "]", got.get(k));
    }
  }

  private String describeRtp(byte[] d, byte[] sent) {
    if (d.length < 12) {
      return "short " + d.length;
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    ByteBuffer s = ByteBuffer.wrap(sent);
    int pt = d[1] & 0x7F;
    boolean marker = (d[1] & 0x80) != 0;
    int seq = b.getShort(2) & 0xFFFF;
    long ts = b.getInt(4) & 0xFFFF_FFFFL;
    long ssrc = b.getInt(8) & 0xFFFF_FFFFL;
    String seqText = seq == (s.getShort(2) & 0xFFFF) ? "sent" : "other";
    String tsText = ts == (s.getInt(4) & 0xFFFF_FFFFL) ? "sent" : "other";
    return "pt="
        + pt
        + " m="
        + (marker ? 1 : 0)
        + " seq="
        + seqText
        + " ts="
        + tsText
        + " ssrc="
        + symbol(ssrc)
        + " len="
        + d.length
        + " payload="
        + payload(d, sent);
  }

  private static String payload(byte[] d, byte[] sent) {
    if (d.length != sent.length) {
      return "other";
    }
    byte[] p = Arrays.copyOfRange(d, 12, d.length);
    byte[] in = Arrays.copyOfRange(sent, 12, sent.length);
    if (Arrays.equals(p, in)) {
      return "sent";
    }
    byte[] alaw = new byte[in.length];
    byte[] ulaw = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      alaw[i] = G711.ulawToAlaw(in[i] & 0xFF);
      ulaw[i] = G711.alawToUlaw(in[i] & 0xFF);
    }
    for (var law : List.of(Map.entry("PCMA", alaw), Map.entry("PCMU", ulaw))) {
      int off = 0;
      for (int i = 0; i < p.length; i++) {
        off += p[i] == law.getValue()[i] ? 0 : 1;
      }
      if (off == 0) {
        return law.getKey() + "(sent)";
      }
      if (off * 10 < p.length) {
        return law.getKey() + "(sent) except " + off; // a converter rounding some codes apart
      }
    }
    return "other";
  }

  private String symbol(long ssrc) {
    if (ssrc == SSRC_A) {
      return "A";
    }
    if (ssrc == SSRC_A2) {
      return "A2";
    }
    if (ssrc == SSRC_B) {
      return "B";
    }
    if (ssrc == SSRC_B2) {
      return "B2";
    }
    return symbols.computeIfAbsent(ssrc, k -> "new-" + (symbols.size() + 1));
  }

  private void rtcp(Party from, Party to, String key, Map<String, String> out)
      throws IOException, InterruptedException {
    Integer port = relayPort.get(relayOf(from));
    if (port == null) {
      out.put(key, "no relay port signalled");
      return;
    }
    long ssrc = from.address.equals(A) ? SSRC_A : SSRC_B;
    long about = lastReceivedSsrc.getOrDefault(from.address, 0x55555555L);
    byte[] sr = new byte[52];
    ByteBuffer.wrap(sr)
        .put((byte) 0x81)
        .put((byte) 200)
        .putShort((short) 12)
        .putInt((int) ssrc)
        .putInt(0x01020304)
        .putInt(0x05060708)
        .putInt(12345)
        .putInt(5)
        .putInt(800)
        .putInt((int) about)
        .putInt(0x10000007)
        .putInt(9999)
        .putInt(20)
        .putInt(0x77)
        .putInt(0x88);
    from.rtcp.send(
        new DatagramPacket(sr, sr.length, InetAddress.ofLiteral(relayOf(from)), port + 1));
    List<String> got = new ArrayList<>();
    for (Received r : to.drain()) {
      if (r.at.equals("rtcp")) {
        got.add(describeSr(r.data));
      }
    }
    out.put(key + " packets", Integer.toString(got.size()));
    for (int k = 0; k < got.size(); k++) {
      out.put(key + " [" + k + "]", got.get(k));
    }
  }

  private String describeSr(byte[] d) {
    if (d.length != 52 || (d[1] & 0xFF) != 200) {
      return "other " + d.length + " bytes";
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    return "SR ssrc="
        + symbol(b.getInt(4) & 0xFFFF_FFFFL)
        + " ntp="
        + (b.getInt(8) == 0x01020304 && b.getInt(12) == 0x05060708 ? "sent" : "other")
        + " rtp-ts="
        + (b.getInt(16) == 12345 ? "sent" : Integer.toUnsignedString(b.getInt(16)))
        + " packets="
        + b.getInt(20)
        + " octets="
        + b.getInt(24)
        + " | block ssrc="
        + symbol(b.getInt(28) & 0xFFFF_FFFFL)
        + " fraction="
        + (d[32] & 0xFF)
        + " lost="
        + (b.getInt(32) & 0xFFFFFF)
        + " highest="
        + Integer.toUnsignedString(b.getInt(36))
        + " jitter="
        + b.getInt(40)
        + " lsr="
        + (b.getInt(44) == 0x77 ? "sent" : "other")
        + " dlsr="
        + (b.getInt(48) == 0x88 ? "sent" : "other");
  }

  private void stun(Party p, String key, Map<String, String> out) throws IOException {
    String iface = relayOf(p);
    String[] relay = relayIce.get(iface);
    String[] party = partyIce.get(p.address);
    Integer port = relayPort.get(iface);
    if (relay == null || party == null || port == null) {
      out.put(key, "no ICE credentials signalled");
      return;
    }
    byte[] tid = "isthmus-chk1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] check = StunChecks.request(relay[0] + ":" + party[0], relay[1], true, tid);
    p.rtp.send(new DatagramPacket(check, check.length, InetAddress.ofLiteral(iface), port));
    String response = "none";
    for (Received r : p.drain()) {
      if (r.data.length >= 20
          && r.data[0] == 0x01
          && Arrays.equals(Arrays.copyOfRange(r.data, 8, 20), tid)) {
        String type =
            r.data[1] == 0x01
                ? "success"
                : r.data[1] == 0x11 ? "error " + errorCode(r.data) : "other";
        InetSocketAddress mapped = StunChecks.xorMappedAddress(r.data);
        response =
            type
                + " from="
                + (r.source.getPort() == port ? "relay port" : "other")
                + " xor-mapped="
                + (new InetSocketAddress(p.address, p.rtp.getLocalPort()).equals(mapped)
                    ? "source"
                    : String.valueOf(mapped))
                + " integrity="
                + (StunChecks.integrityValid(r.data, relay[1]) ? "valid" : "invalid");
      }
    }
    out.put(key, response);
  }

  /** The ERROR-CODE of a STUN error response (RFC 5389 §15.6), or 0. */
  private static int errorCode(byte[] r) {
    ByteBuffer b = ByteBuffer.wrap(r);
    for (int at = 20; at + 8 <= r.length; ) {
      int type = b.getShort(at) & 0xFFFF;
      int len = b.getShort(at + 2) & 0xFFFF;
      if (type == 0x0009) {
        return (r[at + 6] & 0x07) * 100 + (r[at + 7] & 0xFF);
      }
      at += 4 + ((len + 3) & ~3);
    }
    return 0;
  }

  /** A datagram a party received: which of its sockets, from where. */
  private record Received(String at, byte[] data, InetSocketAddress source) {}

  /** One party's sockets during a check. */
  private final class Party implements AutoCloseable {
    final String address;
    final DatagramSocket rtp;
    final DatagramSocket rtcp;
    final DatagramSocket nat;

    Party(String address, int port) throws IOException {
      this.address = address;
      this.rtp = bind(address, port);
      this.rtcp = bind(address, port + 1);
      this.nat = bind(address, port + NAT_OFFSET);
    }

    private static DatagramSocket bind(String address, int port) throws IOException {
      DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
      s.setSoTimeout(10);
      return s;
    }

    /**
     * Everything that reaches the party's sockets until none has had anything for {@link #IDLE_MS};
     * connectivity checks from the engine are answered and left out.
     */
    List<Received> drain() throws IOException {
      List<Received> out = new ArrayList<>();
      long idleSince = System.nanoTime();
      byte[] buf = new byte[2048];
      while ((System.nanoTime() - idleSince) / 1_000_000 < IDLE_MS) {
        boolean any = false;
        for (DatagramSocket s : List.of(rtp, rtcp, nat)) {
          DatagramPacket in = new DatagramPacket(buf, buf.length);
          try {
            s.receive(in);
          } catch (SocketTimeoutException e) {
            continue;
          }
          any = true;
          byte[] d = Arrays.copyOf(buf, in.getLength());
          InetSocketAddress source = (InetSocketAddress) in.getSocketAddress();
          if (StunChecks.isBindingRequest(d, d.length)) {
            String[] ice = partyIce.get(address);
            if (ice != null) {
              byte[] answer = StunChecks.success(d, source, ice[1]);
              s.send(new DatagramPacket(answer, answer.length, source));
            }
            continue;
          }
          String at = s == rtp ? "sdp" : s == rtcp ? "rtcp" : "nat";
          out.add(new Received(at, d, source));
        }
        if (any) {
          idleSince = System.nanoTime();
        }
      }
      return out;
    }

    @Override
    public void close() {
      rtp.close();
      rtcp.close();
      nat.close();
    }
  }
}
