package io.isthmus.media.control;

import io.isthmus.media.ice.IceCredentials;
import io.isthmus.media.relay.Monologue;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpSuite;
import io.isthmus.sdp.SdpLine;
import io.isthmus.sdp.SdpParseException;
import io.isthmus.sdp.SessionDescription;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The offer a party was last sent ({@link ReceivedOffer}: per m-line the offerer's section, the
 * formats the relay added, the rtcp-mux decision, the SDES plan, the offerer's ICE credentials) as
 * bytes and back, so that relay HA can carry a call still ringing, or a re-INVITE in flight, to a
 * standby: the answer there is matched against the same offer. A versioned layout; another version
 * is refused. On the call's loop.
 */
public final class ReceivedOffers {
  private static final int VERSION = 1;

  /** Parses an m-section alone: a session header the section is read under. */
  private static final String HEADER = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

  private ReceivedOffers() {}

  /** What {@code party} was last offered, as bytes; null when it was offered nothing yet. */
  public static byte[] export(Monologue party) {
    List<OfferedMedia> medias = ReceivedOffer.of(party);
    if (medias == null) {
      return null;
    }
    var bytes = new ByteArrayOutputStream(256 * medias.size() + 8);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeInt(medias.size());
      for (OfferedMedia m : medias) {
        List<SdpLine> lines = m.offer().lines();
        out.writeInt(lines.size());
        for (SdpLine l : lines) {
          out.writeUTF(l.text());
        }
        out.writeInt(m.addedFormats().size());
        for (String f : m.addedFormats()) {
          out.writeUTF(f);
        }
        RtcpMuxPolicy p = m.mux();
        out.writeBoolean(p.offererMux());
        out.writeBoolean(p.offer());
        out.writeBoolean(p.require());
        out.writeBoolean(p.demux());
        out.writeBoolean(p.accept());
        out.writeBoolean(p.reject());
        out.writeBoolean(m.sdes() != null);
        if (m.sdes() != null) {
          cryptos(out, m.sdes().relayKeys());
          cryptos(out, m.sdes().offererKeys());
        }
        out.writeBoolean(m.offererIce() != null);
        if (m.offererIce() != null) {
          out.writeUTF(m.offererIce().ufrag());
          out.writeUTF(m.offererIce().pwd());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Gives {@code party} the offer {@link #export} wrote; throws naming what is wrong. */
  public static void restore(Monologue party, byte[] state) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(state));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("received offer version " + version + ", this relay reads " + VERSION);
    }
    int n = in.readInt();
    List<OfferedMedia> medias = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int count = in.readInt();
      StringBuilder section = new StringBuilder(HEADER);
      for (int l = 0; l < count; l++) {
        section.append(in.readUTF()).append("\r\n");
      }
      var offer =
          parse(section.toString()).media().stream()
              .findFirst()
              .orElseThrow(() -> new IOException("received offer without its m-line"));
      int added = in.readInt();
      Set<String> formats = new LinkedHashSet<>();
      for (int f = 0; f < added; f++) {
        formats.add(in.readUTF());
      }
      RtcpMuxPolicy mux =
          new RtcpMuxPolicy(
              in.readBoolean(),
              in.readBoolean(),
              in.readBoolean(),
              in.readBoolean(),
              in.readBoolean(),
              in.readBoolean());
      Sdes.Offer sdes = in.readBoolean() ? new Sdes.Offer(cryptos(in), cryptos(in)) : null;
      IceCredentials ice = in.readBoolean() ? new IceCredentials(in.readUTF(), in.readUTF()) : null;
      medias.add(
          new OfferedMedia(offer, java.util.Collections.unmodifiableSet(formats), mux, sdes, ice));
    }
    party.setReceivedOffer(new ReceivedOffer(medias));
  }

  private static SessionDescription parse(String text) throws IOException {
    try {
      return SessionDescription.parse(text);
    } catch (SdpParseException e) {
      throw new IOException("received offer unreadable: " + e.getMessage(), e);
    }
  }

  private static void cryptos(DataOutputStream out, List<Sdes.Crypto> keys) throws IOException {
    out.writeInt(keys.size());
    for (Sdes.Crypto c : keys) {
      out.writeInt(c.tag());
      out.writeUTF(c.suite().name());
      out.writeUTF(c.key().inline());
      out.writeInt(c.mkiLength());
    }
  }

  private static List<Sdes.Crypto> cryptos(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<Sdes.Crypto> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int tag = in.readInt();
      String suiteName = in.readUTF();
      SrtpSuite suite;
      try {
        suite = SrtpSuite.valueOf(suiteName);
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown SRTP suite " + suiteName);
      }
      keys.add(new Sdes.Crypto(tag, MasterKey.fromInline(suite, in.readUTF()), in.readInt()));
    }
    return List.copyOf(keys);
  }
}
