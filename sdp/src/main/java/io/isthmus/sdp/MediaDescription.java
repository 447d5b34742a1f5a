package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One media section (RFC 8866 §5): its {@code m=} line and the lines up to the next {@code m=}.
 * Immutable; the m= and c= lines were checked when the description was parsed.
 */
public final class MediaDescription implements SdpSection {
  private final List<SdpLine> lines;
  private final Media media;
  private final Connection connection;

  MediaDescription(List<SdpLine> lines, Media media, Connection connection) {
    this.lines = List.copyOf(lines);
    this.media = media;
    this.connection = connection;
  }

  @Override
  public List<SdpLine> lines() {
    return lines;
  }

  /** The parsed m= line. */
  public Media media() {
    return media;
  }

  /** The section's own c= line (RFC 8866 §5.7); when absent the session-level one applies. */
  public Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  /** {@code a=rtpmap} lines in order. */
  public List<Rtpmap> rtpmaps() throws SdpParseException {
    List<Rtpmap> out = new ArrayList<>(media.formats().size());
    for (SdpLine l : attributes("rtpmap")) {
      out.add(Rtpmap.parse(l));
    }
    return out;
  }

  /** The {@code a=rtpmap} of a payload type. */
  public Optional<Rtpmap> rtpmap(int payloadType) throws SdpParseException {
    for (Rtpmap r : rtpmaps()) {
      if (r.payloadType() == payloadType) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** {@code a=fmtp} lines in order. */
  public List<Fmtp> fmtps() throws SdpParseException {
    List<Fmtp> out = new ArrayList<>(2);
    for (SdpLine l : attributes("fmtp")) {
      out.add(Fmtp.parse(l));
    }
    return out;
  }

  /** The {@code a=fmtp} of a format. */
  public Optional<Fmtp> fmtp(String format) throws SdpParseException {
    for (Fmtp f : fmtps()) {
      if (f.format().equals(format)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** {@code a=rtcp-fb} lines in order (RFC 4585 §4.2). */
  public List<RtcpFb> rtcpFbs() throws SdpParseException {
    List<RtcpFb> out = new ArrayList<>(2);
    for (SdpLine l : attributes("rtcp-fb")) {
      out.add(RtcpFb.parse(l));
    }
    return out;
  }

  /** {@code a=rtcp} (RFC 3605). */
  public Optional<Rtcp> rtcp() throws SdpParseException {
    Optional<SdpLine> l = attribute("rtcp");
    return l.isEmpty() ? Optional.empty() : Optional.of(Rtcp.parse(l.get()));
  }

  /** {@code a=ptime} in milliseconds (RFC 8866 §6.4). */
  public OptionalInt ptime() throws SdpParseException {
    return millis("ptime");
  }

  /** {@code a=maxptime} in milliseconds (RFC 8866 §6.5). */
  public OptionalInt maxptime() throws SdpParseException {
    return millis("maxptime");
  }

  private OptionalInt millis(String name) throws SdpParseException {
    Optional<SdpLine> l = attribute(name);
    if (l.isEmpty()) {
      return OptionalInt.empty();
    }
    String v = l.get().attributeValue();
    int ms = v == null ? -1 : Tokens.parseUnsigned(v.strip(), 1_000_000);
    if (ms < 0) {
      throw SdpParseException.at(l.get(), name + " is not a number of milliseconds");
    }
    return OptionalInt.of(ms);
  }

  /** {@code a=mid} (RFC 5888 §4). */
  public Optional<String> mid() {
    return attributeValue("mid");
  }

  @Override
  public String toString() {
    return lines.getFirst().text();
  }
}
