package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits a copy of a {@link SessionDescription}: the session level here, each media section through
 * {@link #media(int)}. Not thread-safe; {@link #build()} returns an immutable snapshot and the
 * editor can go on.
 *
 * <p>Lines no edit touches are kept byte-identical and in place. A changed line keeps its line
 * ending; a new line gets the document's {@linkplain SessionDescription#lineEnding() ending}. A
 * line that had no ending (the input's last line) gets one when it stops being last.
 */
public final class SdpEditor {
  private final SectionLines session;
  private final List<MediaEditor> media;
  private final String trailer;
  private final LineEnding style;
  private Origin origin;
  private Connection connection;

  SdpEditor(SessionDescription sdp) {
    this.style = sdp.lineEnding();
    this.session = new SectionLines(sdp.lines(), SectionLines.SESSION_ORDER, style);
    this.media = new ArrayList<>(sdp.media().size());
    for (MediaDescription m : sdp.media()) {
      media.add(new MediaEditor(m, style));
    }
    this.trailer = sdp.trailer();
    this.origin = sdp.origin();
    this.connection = sdp.connection().orElse(null);
  }

  /** The number of media sections. */
  public int mediaCount() {
    return media.size();
  }

  /** The editor of the media section at {@code index}. */
  public MediaEditor media(int index) {
    return media.get(index);
  }

  /** The origin as it is now. */
  public Origin origin() {
    return origin;
  }

  /** Replaces the {@code o=} line. */
  public SdpEditor setOrigin(Origin newOrigin) {
    origin = newOrigin;
    session.setValue(session.indexOf('o'), newOrigin.value());
    return this;
  }

  /** Sets the origin's address (RFC 8866 §5.2), e.g. to the relay's interface. */
  public SdpEditor setOriginAddress(String addrType, String address) {
    return setOrigin(origin.withAddress(addrType, address));
  }

  /** Increases the origin's session version by one (RFC 3264 §8: a changed description). */
  public SdpEditor bumpOriginVersion() {
    return setOrigin(origin.withNextVersion());
  }

  /**
   * Sets the session-level c= to {@code IN <addrType> <address>}, adding the line where RFC 8866 §5
   * puts it (before b=, t= and attributes) if there was none.
   */
  public SdpEditor setConnection(String addrType, String address) {
    connection = Connection.of(addrType, address);
    session.put('c', connection.value());
    return this;
  }

  /** Removes the session-level c= line (every media section must then have its own). */
  public SdpEditor removeConnection() {
    connection = null;
    session.removeType('c');
    return this;
  }

  /** Sets the session-level direction: one attribute in place of the first one, or added. */
  public SdpEditor setDirection(Direction direction) {
    session.replaceAttributes(
        l -> Direction.of(l) != null, List.of(SdpLine.attribute(direction.attributeName(), null)));
    return this;
  }

  /** Removes the session-level direction attributes (media sections then default to sendrecv). */
  public SdpEditor removeDirection() {
    session.removeIf(l -> Direction.of(l) != null);
    return this;
  }

  /** Removes every session-level ICE attribute ({@link SdpSection#ICE_ATTRIBUTES}). */
  public SdpEditor removeIce() {
    session.removeIf(SdpSection::isIceAttribute);
    return this;
  }

  /** Adds the session-level {@code a=<name>:<value>} after the last session attribute. */
  public SdpEditor addAttribute(String name, String value) {
    session.addAttribute(SdpLine.attribute(name, value));
    return this;
  }

  /** Adds the session-level flag {@code a=<name>} after the last session attribute. */
  public SdpEditor addAttribute(String name) {
    return addAttribute(name, null);
  }

  /** Removes every session-level {@code a=<name>} line. */
  public SdpEditor removeAttributes(String name) {
    session.removeIf(l -> l.isAttribute(name));
    return this;
  }

  /** The description as edited so far. */
  public SessionDescription build() {
    fixMissingEndings();
    List<MediaDescription> built = new ArrayList<>(media.size());
    for (MediaEditor m : media) {
      built.add(m.build());
    }
    return new SessionDescription(session.list(), built, trailer, origin, connection);
  }

  /** Shorthand for {@code build().toBytes()}. */
  public byte[] toBytes() {
    return build().toBytes();
  }

  /** Only the very last line may lack an ending; one that is no longer last gets the style. */
  private void fixMissingEndings() {
    List<List<SdpLine>> sections = new ArrayList<>(media.size() + 1);
    sections.add(session.list());
    for (MediaEditor m : media) {
      sections.add(m.sectionLines().list());
    }
    List<SdpLine> lastSection = sections.getLast();
    for (List<SdpLine> lines : sections) {
      for (int i = 0; i < lines.size(); i++) {
        boolean last = lines == lastSection && i == lines.size() - 1 && trailer.isEmpty();
        if (!last && lines.get(i).ending() == LineEnding.NONE) {
          lines.set(i, lines.get(i).withEnding(style));
        }
      }
    }
  }
}
