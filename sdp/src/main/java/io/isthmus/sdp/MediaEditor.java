package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Edits one media section inside an {@link SdpEditor}. Every method changes only the lines it is
 * about; all other lines stay byte-identical and in place. Methods return this for chaining.
 */
public final class MediaEditor {
  private final SectionLines lines;
  private Media media;
  private Connection connection;

  MediaEditor(MediaDescription section, LineEnding style) {
    this.lines = new SectionLines(section.lines(), SectionLines.MEDIA_ORDER, style);
    this.media = section.media();
    this.connection = section.connection().orElse(null);
  }

  /** The m= line as it is now. */
  public Media media() {
    return media;
  }

  /** The section's own c= line as it is now. */
  public Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  /** The section's lines as they are now (m= first). */
  public List<SdpLine> lines() {
    return List.copyOf(lines.list());
  }

  private MediaEditor setMedia(Media m) {
    media = m;
    lines.setValue(0, m.value());
    return this;
  }

  /** Sets the m= port (0 rejects the stream, RFC 3264 §6). */
  public MediaEditor setPort(int port) {
    return setMedia(media.withPort(port));
  }

  /** Sets the m= transport protocol, e.g. {@code RTP/SAVP} when adding SDES. */
  public MediaEditor setProto(String proto) {
    return setMedia(media.withProto(proto));
  }

  /**
   * Sets the m= format list to {@code formats}, a subset of the current formats in any order. The
   * {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} lines of the formats left out are
   * removed; those of the others stay where they are.
   *
   * @throws IllegalArgumentException if a format is not in the m= line or is repeated
   */
  public MediaEditor setFormats(List<String> formats) {
    Set<String> kept = new HashSet<>(formats);
    if (kept.size() != formats.size()) {
      throw new IllegalArgumentException("repeated format in " + formats);
    }
    if (!media.formats().containsAll(kept)) {
      throw new IllegalArgumentException("not all of " + formats + " are in " + media.formats());
    }
    return applyFormats(formats);
  }

  /** Removes formats (codec strip), keeping the order of the rest; unknown formats are ignored. */
  public MediaEditor removeFormats(Collection<String> formats) {
    List<String> rest = new ArrayList<>(media.formats());
    rest.removeAll(formats);
    return applyFormats(rest);
  }

  private MediaEditor applyFormats(List<String> formats) {
    Set<String> dropped = new HashSet<>(media.formats());
    dropped.removeAll(formats);
    if (!dropped.isEmpty()) {
      lines.removeIf(l -> describesFormat(l) && dropped.contains(FormatAndRest.formatOf(l)));
    }
    return setMedia(media.withFormats(formats));
  }

  private static boolean describesFormat(SdpLine l) {
    return l.isAttribute("rtpmap") || l.isAttribute("fmtp") || l.isAttribute("rtcp-fb");
  }

  /**
   * Sets the section's c= to {@code IN <addrType> <address>}, adding the line after m= (and i=) if
   * the section had none.
   */
  public MediaEditor setConnection(String addrType, String address) {
    connection = Connection.of(addrType, address);
    lines.put('c', connection.value());
    return this;
  }

  /** Removes the section's own c= line, so the session-level one applies. */
  public MediaEditor removeConnection() {
    connection = null;
    lines.removeType('c');
    return this;
  }

  /** Sets {@code a=rtcp} (RFC 3605), replacing any there is. */
  public MediaEditor setRtcp(Rtcp rtcp) {
    lines.replaceAttributes(
        l -> l.isAttribute("rtcp"), List.of(SdpLine.attribute("rtcp", rtcp.value())));
    return this;
  }

  /** Removes {@code a=rtcp}. */
  public MediaEditor removeRtcp() {
    return removeAttributes("rtcp");
  }

  /** Adds or removes {@code a=rtcp-mux} (RFC 5761 §5.1.1); an existing line is kept as it is. */
  public MediaEditor setRtcpMux(boolean mux) {
    if (!mux) {
      return removeAttributes("rtcp-mux");
    }
    if (lines.list().stream().noneMatch(l -> l.isAttribute("rtcp-mux"))) {
      lines.addAttribute(SdpLine.attribute("rtcp-mux", null));
    }
    return this;
  }

  /** Sets the direction: one attribute in place of the first existing one, or added. */
  public MediaEditor setDirection(Direction direction) {
    lines.replaceAttributes(
        l -> Direction.of(l) != null, List.of(SdpLine.attribute(direction.attributeName(), null)));
    return this;
  }

  /** Removes every ICE attribute ({@link SdpSection#ICE_ATTRIBUTES}) of the section. */
  public MediaEditor removeIce() {
    lines.removeIf(SdpSection::isIceAttribute);
    return this;
  }

  /**
   * Replaces every {@code a=crypto} line (RFC 4568) with the given ones, at the place of the first
   * old one (or after the last attribute). An empty list removes them.
   */
  public MediaEditor replaceCryptos(List<Crypto> cryptos) {
    List<SdpLine> replacement = new ArrayList<>(cryptos.size());
    for (Crypto c : cryptos) {
      replacement.add(SdpLine.attribute("crypto", c.value()));
    }
    lines.replaceAttributes(l -> l.isAttribute("crypto"), replacement);
    return this;
  }

  /** Adds {@code a=<name>:<value>} after the section's last attribute. */
  public MediaEditor addAttribute(String name, String value) {
    lines.addAttribute(SdpLine.attribute(name, value));
    return this;
  }

  /** Adds the flag attribute {@code a=<name>} after the section's last attribute. */
  public MediaEditor addAttribute(String name) {
    return addAttribute(name, null);
  }

  /** Removes every {@code a=<name>} line of the section. */
  public MediaEditor removeAttributes(String name) {
    lines.removeIf(l -> l.isAttribute(name));
    return this;
  }

  SectionLines sectionLines() {
    return lines;
  }

  MediaDescription build() {
    return new MediaDescription(lines.list(), media, connection);
  }
}
