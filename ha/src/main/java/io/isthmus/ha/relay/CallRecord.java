package io.isthmus.ha.relay;

import io.isthmus.media.codec.G711Law;
import io.isthmus.media.control.ReceivedOffers;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaEndpoint;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.MediaSlot;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.relay.Monologue;
import io.isthmus.media.relay.PacketStream.Component;
import io.isthmus.media.relay.SourcePolicy;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpStream;
import io.isthmus.media.srtp.SrtpSuite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One call as it is written to Redis, and read back by a standby: every party (name, tags,
 * via-branch, label, interface), every stream (m-line index, type, interface, relay port, rtcp-mux,
 * direction, source flags, transcoding, SDES keys with each SSRC's rollover counter, and per RTP
 * and RTCP socket the SDP address, the learned source and whether it is locked), the pairing of
 * streams, each party's dialogues (m-line slots: what it signalled), and the call's timers
 * (creation time for final-timeout, a pending delayed deletion). A versioned binary layout ({@link
 * #VERSION}); a record of another version is refused, never half read.
 *
 * <p>Since version 2 also the offer each party was last sent ({@link ReceivedOffers}: what its
 * answer is matched against), so a call still ringing at a takeover, or a re-INVITE in flight, is
 * answered on the standby. Not carried (the NG layer's own bookkeeping): rtpengine's subscription
 * lists and ICE roles; see docs/ha.md for what that means after a takeover.
 */
final class CallRecord {
  /** Layout version; bumped on any change, a standby refuses another. */
  static final int VERSION = 2;

  /** Added to a restored SRTCP sender index: RTCP sent since the last sample must not repeat. */
  static final long SRTCP_INDEX_MARGIN = 64;

  private CallRecord() {}

  /** Snapshot of {@code call}; on its event loop. {@code ageNanos}: how long it has existed. */
  static byte[] encode(Call call, long ageNanos) {
    var bytes = new ByteArrayOutputStream(512);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeUTF(call.callId());
      out.writeLong(System.currentTimeMillis() - Duration.ofNanos(ageNanos).toMillis());
      out.writeLong(call.createdEpochMicros());
      out.writeLong(call.generation());
      out.writeBoolean(call.hasPendingDelete());
      List<Monologue> parties = List.copyOf(call.monologues());
      out.writeInt(parties.size());
      for (Monologue m : parties) {
        out.writeUTF(m.name());
        List<String> tags = m.tags();
        out.writeInt(tags.size());
        for (String t : tags) {
          out.writeUTF(t);
        }
        out.writeUTF(m.branch());
        optional(out, m.label());
        optional(out, m.iface() == null ? null : m.iface().name());
        out.writeLong(m.createdEpochMicros());
        out.writeInt(m.medias().size());
        for (MediaStream s : m.medias()) {
          writeStream(out, s);
        }
      }
      // Pairs and dialogues refer to parties and streams by name and index, so they come last.
      for (Monologue m : parties) {
        out.writeInt(m.medias().size());
        for (MediaStream s : m.medias()) {
          writeRef(out, s.peer());
        }
        optional(out, m.peer() == null ? null : m.peer().name());
        Map<Monologue, List<MediaSlot>> dialogues = m.dialogueSlots();
        out.writeInt(dialogues.size());
        for (Map.Entry<Monologue, List<MediaSlot>> d : dialogues.entrySet()) {
          out.writeUTF(d.getKey().name());
          out.writeInt(d.getValue().size());
          for (MediaSlot slot : d.getValue()) {
            writeRef(out, slot.stream());
            MediaEndpoint e = slot.lastSignalled();
            out.writeBoolean(e != null);
            if (e != null) {
              address(out, e.address());
              out.writeInt(e.rtpPort());
              out.writeInt(e.rtcpPort());
            }
            optional(out, slot.proto());
            optional(out, slot.type());
            out.writeBoolean(slot.initialized());
            out.writeBoolean(slot.receives());
          }
        }
        byte[] offer = ReceivedOffers.export(m);
        out.writeBoolean(offer != null);
        if (offer != null) {
          out.writeInt(offer.length);
          out.write(offer);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  private static void writeStream(DataOutputStream out, MediaStream s) throws IOException {
    out.writeInt(s.index());
    out.writeUTF(s.type());
    out.writeUTF(s.iface().name());
    out.writeInt(s.localRtpPort());
    out.writeBoolean(s.rtcpMux());
    out.writeBoolean(s.expectingMedia());
    SourcePolicy p = s.sourcePolicy();
    out.writeBoolean(p.strictSource());
    out.writeBoolean(p.mediaHandover());
    out.writeBoolean(p.asymmetric());
    optional(out, s.transcodedFrom() == null ? null : s.transcodedFrom().name());
    optional(out, s.transcodedTo() == null ? null : s.transcodedTo().name());
    for (Component c : Component.values()) {
      endpoint(out, s.expectedEndpoint(c));
      endpoint(out, s.learnedEndpoint(c));
      out.writeBoolean(s.endpointLocked(c));
    }
    srtp(out, s.srtpFromParty());
    srtp(out, s.srtpToParty());
  }

  private static void srtp(DataOutputStream out, SrtpStream stream) throws IOException {
    out.writeBoolean(stream != null);
    if (stream == null) {
      return;
    }
    SrtpContext ctx = stream.context();
    out.writeUTF(ctx.suite().name());
    out.writeUTF(ctx.masterKey().inline());
    out.writeInt(ctx.mkiLength());
    List<long[]> states = new ArrayList<>();
    ctx.exportStates(
        (rtcp, ssrc, roc, seq, maxIndex, srtcpIndex) ->
            states.add(new long[] {rtcp ? 1 : 0, ssrc, roc, seq, maxIndex, srtcpIndex}));
    out.writeInt(states.size());
    for (long[] st : states) {
      out.writeBoolean(st[0] == 1);
      out.writeInt((int) st[1]);
      out.writeLong(st[2]);
      out.writeInt((int) st[3]);
      out.writeLong(st[4]);
      out.writeLong(st[5]);
    }
  }

  /**
   * A number that moves when SRTP state a standby needs moved far enough (a rollover counter, s_l
   * by 4096, the SRTCP index by 16): sampled off the packet path to decide on a rewrite.
   */
  static long srtpProgress(Call call) {
    long[] sum = {0};
    for (Monologue m : call.monologues()) {
      for (MediaStream s : m.medias()) {
        for (SrtpStream st : new SrtpStream[] {s.srtpFromParty(), s.srtpToParty()}) {
          if (st != null) {
            st.context()
                .exportStates(
                    (rtcp, ssrc, roc, seq, maxIndex, srtcpIndex) ->
                        sum[0] += (roc << 4) + (seq >>> 12) + (srtcpIndex >>> 4));
          }
        }
      }
    }
    return sum[0];
  }

  /** Whether the call terminates SRTP anywhere (its state is then sampled). */
  static boolean hasSrtp(Call call) {
    for (Monologue m : call.monologues()) {
      for (MediaStream s : m.medias()) {
        if (s.srtp()) {
          return true;
        }
      }
    }
    return false;
  }

  private static void writeRef(DataOutputStream out, MediaStream s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s.monologue().name());
      out.writeInt(s.index());
    }
  }

  private static void endpoint(DataOutputStream out, InetSocketAddress a) throws IOException {
    out.writeBoolean(a != null);
    if (a != null) {
      address(out, a.getAddress());
      out.writeInt(a.getPort());
    }
  }

  private static void address(DataOutputStream out, InetAddress a) throws IOException {
    byte[] raw = a == null ? new byte[0] : a.getAddress();
    out.writeByte(raw.length);
    out.write(raw);
  }

  private static void optional(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The Call-ID and creation time of a record, read before the call is rebuilt. */
  record Header(String callId, long createdWallMillis) {}

  static Header header(byte[] record) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(record));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("record version " + version + ", this relay reads " + VERSION);
    }
    return new Header(in.readUTF(), in.readLong());
  }

  /**
   * Rebuilds the call from {@code record} on a new call of {@code relay} ({@link
   * MediaRelay#restore}): binds every stream on its relay port, restores latches and SRTP, pairs
   * and dialogues; a pending delayed deletion runs {@code deleteDelay} after the restore. On the
   * call's loop.
   */
  static Call decodeInto(Call call, MediaRelay relay, byte[] record, Duration deleteDelay)
      throws IOException, PortsExhaustedException {
    var in = new DataInputStream(new ByteArrayInputStream(record));
    header(in);
    long createdMicros = in.readLong();
    long generation = in.readLong();
    boolean pendingDelete = in.readBoolean();
    int parties = in.readInt();
    List<Monologue> order = new ArrayList<>();
    Map<String, Monologue> byName = new HashMap<>();
    for (int i = 0; i < parties; i++) {
      String name = in.readUTF();
      int n = in.readInt();
      List<String> tags = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        tags.add(in.readUTF());
      }
      String branch = in.readUTF();
      String label = optional(in);
      String ifaceName = optional(in);
      long micros = in.readLong();
      Monologue m =
          call.restoreMonologue(
              name, tags, branch, ifaceName == null ? null : iface(relay, ifaceName), micros);
      m.setLabel(label);
      order.add(m);
      byName.put(name, m);
      int medias = in.readInt();
      for (int s = 0; s < medias; s++) {
        readStream(in, m, relay);
      }
    }
    for (Monologue m : order) {
      int medias = in.readInt();
      for (int s = 0; s < medias; s++) {
        MediaStream own = m.medias().get(s);
        MediaStream peer = readRef(in, byName);
        if (peer != null && own.peer() != peer) {
          MediaStream.pair(own, peer);
        }
      }
      String peerName = optional(in);
      int dialogues = in.readInt();
      for (int d = 0; d < dialogues; d++) {
        Monologue other = require(byName, in.readUTF());
        int slots = in.readInt();
        for (int i = 0; i < slots; i++) {
          MediaSlot slot = m.slot(other, i);
          MediaStream stream = readRef(in, byName);
          if (stream != null) {
            slot.replace(stream);
          }
          if (in.readBoolean()) {
            InetAddress a = readAddress(in);
            slot.setLastSignalled(new MediaEndpoint(a, in.readInt(), in.readInt()));
          }
          slot.setProto(optional(in));
          slot.setType(optional(in));
          boolean initialized = in.readBoolean();
          slot.restore(initialized, in.readBoolean());
        }
      }
      if (in.readBoolean()) {
        int length = in.readInt();
        if (length < 0 || length > record.length) {
          throw new IOException(
              "received offer of " + length + " bytes in a record of " + record.length);
        }
        byte[] offer = new byte[length];
        in.readFully(offer);
        ReceivedOffers.restore(m, offer);
      }
      if (peerName != null) {
        m.talkTo(require(byName, peerName));
      }
    }
    call.setCreatedEpochMicros(createdMicros);
    for (long g = 0; g < generation && g < 1_000_000; g++) {
      call.nextGeneration();
    }
    if (pendingDelete) {
      call.setPendingDelete(
          call.schedule(
              () -> {
                call.clearPendingDelete();
                if (!call.isDeleted()) {
                  call.delete();
                }
              },
              deleteDelay.toNanos()));
    }
    return call;
  }

  private static void header(DataInputStream in) throws IOException {
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("record version " + version + ", this relay reads " + VERSION);
    }
    in.readUTF();
    in.readLong();
  }

  private static void readStream(DataInputStream in, Monologue m, MediaRelay relay)
      throws IOException, PortsExhaustedException {
    int index = in.readInt();
    String type = in.readUTF();
    LogicalInterface iface = iface(relay, in.readUTF());
    int port = in.readInt();
    MediaStream s = m.restoreMedia(type, iface, index, port);
    boolean mux = in.readBoolean();
    s.setRtcpMux(mux);
    s.setExpectingMedia(in.readBoolean());
    s.setSourcePolicy(new SourcePolicy(in.readBoolean(), in.readBoolean(), in.readBoolean()));
    String from = optional(in);
    String to = optional(in);
    if (from != null && to != null) {
      s.setTranscoding(G711Law.valueOf(from), G711Law.valueOf(to));
    }
    for (Component c : Component.values()) {
      InetSocketAddress expected = readEndpoint(in);
      InetSocketAddress learned = readEndpoint(in);
      boolean locked = in.readBoolean();
      s.restoreEndpoint(c, expected, learned, locked);
    }
    SrtpStream fromParty = readSrtp(in, false);
    SrtpStream toParty = readSrtp(in, true);
    if (fromParty != null || toParty != null) {
      s.setSrtp(fromParty, toParty);
    }
  }

  private static SrtpStream readSrtp(DataInputStream in, boolean sender) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    String suiteName = in.readUTF();
    SrtpSuite suite;
    try {
      suite = SrtpSuite.valueOf(suiteName);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown SRTP suite " + suiteName);
    }
    MasterKey key = MasterKey.fromInline(suite, in.readUTF());
    int mki = in.readInt();
    SrtpContext ctx = sender ? SrtpContext.sender(key) : SrtpContext.receiver(key, mki);
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      boolean rtcp = in.readBoolean();
      long ssrc = in.readInt() & 0xFFFF_FFFFL;
      long roc = in.readLong();
      int seq = in.readInt();
      long maxIndex = in.readLong();
      long srtcpIndex = in.readLong();
      if (sender && rtcp) {
        srtcpIndex = (srtcpIndex + SRTCP_INDEX_MARGIN) & 0x7FFF_FFFFL;
      }
      ctx.restoreState(rtcp, ssrc, roc, seq, maxIndex, srtcpIndex);
    }
    return new SrtpStream(ctx);
  }

  private static MediaStream readRef(DataInputStream in, Map<String, Monologue> byName)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Monologue m = require(byName, in.readUTF());
    int index = in.readInt();
    return m.media(index)
        .orElseThrow(() -> new IOException("party " + m.name() + " has no stream " + index));
  }

  private static Monologue require(Map<String, Monologue> byName, String name) throws IOException {
    Monologue m = byName.get(name);
    if (m == null) {
      throw new IOException("record names an unknown party " + name);
    }
    return m;
  }

  private static LogicalInterface iface(MediaRelay relay, String name) throws IOException {
    return relay
        .findInterface(name)
        .orElseThrow(() -> new IOException("interface " + name + " is not configured here"));
  }

  private static InetSocketAddress readEndpoint(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    InetAddress a = readAddress(in);
    return new InetSocketAddress(a, in.readInt());
  }

  private static InetAddress readAddress(DataInputStream in) throws IOException {
    int len = in.readUnsignedByte();
    if (len == 0) {
      return null;
    }
    byte[] raw = new byte[len];
    in.readFully(raw);
    return InetAddress.getByAddress(raw);
  }

  private static String optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
