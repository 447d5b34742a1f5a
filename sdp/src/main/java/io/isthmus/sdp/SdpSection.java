package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the session level and a media section share: a run of lines with attributes. Attribute names
 * match ignoring ASCII case. Typed attribute views are parsed on each call, and throw {@link
 * SdpParseException} naming the line if it is malformed.
 */
public sealed interface SdpSection permits SessionDescription, MediaDescription {

  /** ICE attributes (RFC 8839 §5) that a relay not doing ICE itself removes. */
  List<String> ICE_ATTRIBUTES =
      List.of(
          "candidate",
          "remote-candidates",
          "end-of-candidates",
          "ice-ufrag",
          "ice-pwd",
          "ice-options",
          "ice-lite",
          "ice-mismatch",
          "ice-pacing");

  /** The lines of this section in input order (for a media section, the m= line first). */
  List<SdpLine> lines();

  /** Every {@code a=} line of the section, in order. */
  default List<SdpLine> attributes() {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : lines()) {
      if (l.isAttribute()) {
        out.add(l);
      }
    }
    return out;
  }

  /** Every {@code a=<name>} line of the section, in order. */
  default List<SdpLine> attributes(String name) {
    List<SdpLine> out = new ArrayList<>(2);
    for (SdpLine l : lines()) {
      if (l.isAttribute(name)) {
        out.add(l);
      }
    }
    return out;
  }

  /** The first {@code a=<name>} line of the section. */
  default Optional<SdpLine> attribute(String name) {
    for (SdpLine l : lines()) {
      if (l.isAttribute(name)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** Whether the section has an {@code a=<name>} line. */
  default boolean hasAttribute(String name) {
    return attribute(name).isPresent();
  }

  /** The value of the first {@code a=<name>:<value>} line (empty for a flag or no line). */
  default Optional<String> attributeValue(String name) {
    return attribute(name).map(SdpLine::attributeValue);
  }

  /** The direction declared in this section itself (the first direction attribute). */
  default Optional<Direction> direction() {
    for (SdpLine l : lines()) {
      Direction d = Direction.of(l);
      if (d != null) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** {@code a=rtcp-mux} (RFC 5761 §5.1.1). */
  default boolean rtcpMux() {
    return hasAttribute("rtcp-mux");
  }

  /** {@code a=ice-ufrag} (RFC 8839 §5.4). */
  default Optional<String> iceUfrag() {
    return attributeValue("ice-ufrag");
  }

  /** {@code a=ice-pwd} (RFC 8839 §5.4). */
  default Optional<String> icePwd() {
    return attributeValue("ice-pwd");
  }

  /** The tokens of {@code a=ice-options} (RFC 8839 §5.6), e.g. {@code trickle}. */
  default List<String> iceOptions() {
    List<String> out = new ArrayList<>(2);
    for (SdpLine l : attributes("ice-options")) {
      String v = l.attributeValue();
      if (v != null) {
        out.addAll(Tokens.split(v));
      }
    }
    return out;
  }

  /** Whether any ICE attribute is present in this section. */
  default boolean hasIce() {
    for (SdpLine l : lines()) {
      if (isIceAttribute(l)) {
        return true;
      }
    }
    return false;
  }

  /** {@code a=candidate} lines (RFC 8839 §5.1). */
  default List<Candidate> candidates() throws SdpParseException {
    List<Candidate> out = new ArrayList<>();
    for (SdpLine l : attributes("candidate")) {
      out.add(Candidate.parse(l));
    }
    return out;
  }

  /** {@code a=crypto} lines (RFC 4568 §9.1). */
  default List<Crypto> cryptos() throws SdpParseException {
    List<Crypto> out = new ArrayList<>(2);
    for (SdpLine l : attributes("crypto")) {
      out.add(Crypto.parse(l));
    }
    return out;
  }

  /** The first {@code a=fingerprint} line (RFC 8122 §5). */
  default Optional<Fingerprint> fingerprint() throws SdpParseException {
    Optional<SdpLine> l = attribute("fingerprint");
    return l.isEmpty() ? Optional.empty() : Optional.of(Fingerprint.parse(l.get()));
  }

  /** {@code a=setup} (RFC 4145 §4): {@code active}, {@code passive}, {@code actpass}, ... */
  default Optional<String> setup() {
    return attributeValue("setup");
  }

  /** Whether a line is one of {@link #ICE_ATTRIBUTES}. */
  static boolean isIceAttribute(SdpLine l) {
    if (!l.isAttribute()) {
      return false;
    }
    for (String name : ICE_ATTRIBUTES) {
      if (l.isAttribute(name)) {
        return true;
      }
    }
    return false;
  }
}
