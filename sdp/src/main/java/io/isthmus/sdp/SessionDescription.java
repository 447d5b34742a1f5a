package io.isthmus.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed session description (RFC 8866): the session-level lines and the media sections, every
 * line kept as it was. {@link #toBytes()} of a parsed, unedited description gives back the input
 * bytes exactly, line endings (CRLF or bare LF, a missing final one) and trailing blank lines
 * included.
 *
 * <p>Immutable and safe to share. Change it through {@link #edit()}.
 */
public final class SessionDescription implements SdpSection {
  private final List<SdpLine> lines;
  private final List<MediaDescription> media;
  private final String trailer;
  private final Origin origin;
  private final Connection connection;

  SessionDescription(
      List<SdpLine> lines,
      List<MediaDescription> media,
      String trailer,
      Origin origin,
      Connection connection) {
    this.lines = List.copyOf(lines);
    this.media = List.copyOf(media);
    this.trailer = trailer;
    this.origin = origin;
    this.connection = connection;
  }

  /** Parses {@code len} bytes of {@code b} from {@code off}. */
  public static SessionDescription parse(byte[] b, int off, int len) throws SdpParseException {
    Objects.checkFromIndexSize(off, len, b.length);
    // ISO-8859-1 maps each byte to one char and back, whatever the bytes are.
    return SdpParser.parse(new String(b, off, len, StandardCharsets.ISO_8859_1));
  }

  /** Parses a whole byte array. */
  public static SessionDescription parse(byte[] b) throws SdpParseException {
    return parse(b, 0, b.length);
  }

  /**
   * Parses text; chars must be 8-bit (ISO-8859-1), as they are when the text came from bytes.
   *
   * @throws IllegalArgumentException if a char is above U+00FF
   */
  public static SessionDescription parse(String text) throws SdpParseException {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        throw new IllegalArgumentException("SDP text must be ISO-8859-1; char at " + i);
      }
    }
    return SdpParser.parse(text);
  }

  /** The session-level lines, {@code v=} first, up to the first {@code m=}. */
  @Override
  public List<SdpLine> lines() {
    return lines;
  }

  /** The media sections in order. */
  public List<MediaDescription> media() {
    return media;
  }

  /** The media section at {@code index}. */
  public MediaDescription media(int index) {
    return media.get(index);
  }

  /** The parsed {@code o=} line. */
  public Origin origin() {
    return origin;
  }

  /** The session-level {@code c=} line. */
  public Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  /**
   * The connection that applies to a media section: its own c= or else the session-level one (RFC
   * 8866 §5.7). Empty only if neither exists.
   */
  public Optional<Connection> effectiveConnection(MediaDescription section) {
    Optional<Connection> own = section.connection();
    return own.isPresent() ? own : connection();
  }

  /**
   * The direction that applies to a media section: its own attribute, else the session-level one,
   * else {@link Direction#SENDRECV} (RFC 8866 §6.7).
   */
  public Direction effectiveDirection(MediaDescription section) {
    return section.direction().or(this::direction).orElse(Direction.SENDRECV);
  }

  /** {@code a=group} lines (RFC 5888), e.g. BUNDLE. */
  public List<Group> groups() throws SdpParseException {
    List<Group> out = new ArrayList<>(1);
    for (SdpLine l : attributes("group")) {
      out.add(Group.parse(l));
    }
    return out;
  }

  /** {@code a=ice-lite} at session level (RFC 8839 §5.3). */
  public boolean iceLite() {
    return hasAttribute("ice-lite");
  }

  /**
   * The line ending of this document: that of its first line (CRLF if it had none). Lines that
   * edits add are written with it.
   */
  public LineEnding lineEnding() {
    LineEnding e = lines.getFirst().ending();
    return e == LineEnding.NONE ? LineEnding.CRLF : e;
  }

  /** Blank lines after the last line, kept verbatim (usually empty). */
  String trailer() {
    return trailer;
  }

  /** An editor over a copy of this description. */
  public SdpEditor edit() {
    return new SdpEditor(this);
  }

  /** The number of bytes {@link #toBytes()} returns. */
  public int encodedLength() {
    return SdpWriter.length(this);
  }

  /** Writes the description into dst at off; returns the offset after the last byte written. */
  public int writeTo(byte[] dst, int off) {
    Objects.checkFromIndexSize(off, encodedLength(), dst.length);
    return SdpWriter.write(this, dst, off);
  }

  /** The description as bytes. */
  public byte[] toBytes() {
    return SdpWriter.toBytes(this);
  }

  /** The description as text (ISO-8859-1 chars, one per byte). */
  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.ISO_8859_1);
  }
}
