package io.isthmus.media.control;

import io.isthmus.media.codec.G711Law;
import io.isthmus.ng.NgCodecOptions;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SdpLine;
import io.isthmus.sdp.SdpParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Codec manipulation of one m-line, with rtpengine 10.5's semantics as observed:
 *
 * <ul>
 *   <li>{@code strip}/{@code mask}: drop matching codecs from the offer sent on ({@code all}
 *       matches every codec); {@code except} keeps a codec {@code strip all} would drop; {@code
 *       offer} re-adds stripped codecs at the end, in its order. Stripping everything keeps the
 *       original list.
 *   <li>{@code transcode}: add PCMU or PCMA when the offer has the other G.711 law; the answer back
 *       never names codecs the offerer did not offer, and when the answerer chose only an added one
 *       the relay transcodes.
 *   <li>Supplemental codecs (telephone-event, CN) stay at the end of the list.
 * </ul>
 *
 * Codecs are named like rtpengine does: {@code PCMA}, {@code opus/48000/2} or a payload type.
 */
final class CodecPlanner {
  private CodecPlanner() {}

  /** The formats of an offer sent on; {@code added} are payload types added for transcoding. */
  record OfferCodecs(List<String> formats, Set<String> added) {}

  /**
   * The formats of an answer sent back; {@code offererLaw}/{@code answererLaw} are set when the
   * relay transcodes between them.
   */
  record AnswerCodecs(List<String> formats, G711Law offererLaw, G711Law answererLaw) {
    boolean transcoding() {
      return offererLaw != null;
    }
  }

  static OfferCodecs offer(MediaDescription m, NgCodecOptions opts, List<String> warnings) {
    List<String> original = m.media().formats();
    if (!m.media().isRtp() || opts.isEmpty() || m.media().isRejected()) {
      return new OfferCodecs(original, Set.of());
    }
    List<String> kept = new ArrayList<>();
    List<String> stripped = new ArrayList<>();
    for (String fmt : original) {
      String enc = encoding(m, fmt);
      boolean strip = matchesAny(opts.strip(), fmt, enc) || matchesAny(opts.mask(), fmt, enc);
      if (strip && !matchesAny(opts.except(), fmt, enc)) {
        stripped.add(fmt);
      } else {
        kept.add(fmt);
      }
    }
    for (String entry : opts.offer()) {
      for (String fmt : stripped) {
        if (!kept.contains(fmt) && matches(entry, fmt, encoding(m, fmt))) {
          kept.add(insertionPoint(m, kept), fmt);
        }
      }
    }
    if (kept.isEmpty()) {
      kept.addAll(original); // rtpengine refuses to strip every codec
    }
    Set<String> added = new LinkedHashSet<>();
    for (String entry : opts.transcode()) {
      String name = entry.split("/", -1)[0];
      G711Law law = StaticPayloads.g711(name);
      if (law == null) {
        warnings.add("Codec '" + entry + "' cannot be transcoded here (only PCMU and PCMA)");
        continue;
      }
      String pt = Integer.toString(law.payloadType());
      if (hasCodec(m, kept, law.name()) || original.contains(pt)) {
        continue; // already offered: nothing to add
      }
      G711Law other = law == G711Law.PCMU ? G711Law.PCMA : G711Law.PCMU;
      if (!original.contains(Integer.toString(other.payloadType()))) {
        warnings.add(
            "Codec '" + entry + "' not added: the offer has no " + other + " to transcode");
        continue;
      }
      kept.add(insertionPoint(m, kept), pt);
      added.add(pt);
    }
    return new OfferCodecs(List.copyOf(kept), Set.copyOf(added));
  }

  static AnswerCodecs answer(MediaDescription answer, OfferedMedia offered, boolean singleCodec) {
    List<String> formats = answer.media().formats();
    if (!answer.media().isRtp() || answer.media().isRejected()) {
      return new AnswerCodecs(formats, null, null);
    }
    List<String> offerer = offered.offer().media().formats();
    List<String> known = new ArrayList<>();
    boolean knownMain = false;
    for (String fmt : formats) {
      if (offerer.contains(fmt) && !offered.addedFormats().contains(fmt)) {
        known.add(fmt);
        knownMain |= !isSupplemental(encoding(answer, fmt));
      }
    }
    G711Law offererLaw = null;
    G711Law answererLaw = null;
    List<String> out;
    if (knownMain) {
      out = known;
    } else {
      answererLaw = firstAddedLaw(formats, offered.addedFormats());
      if (answererLaw != null) {
        offererLaw = answererLaw == G711Law.PCMU ? G711Law.PCMA : G711Law.PCMU;
        out = new ArrayList<>();
        out.add(Integer.toString(offererLaw.payloadType()));
        out.addAll(known);
      } else {
        out = new ArrayList<>(formats); // nothing the offerer knows: pass it as it is
      }
    }
    if (singleCodec) {
      out = firstMainAndSupplementals(answer, offered.offer(), out);
    }
    return new AnswerCodecs(List.copyOf(out), offererLaw, answererLaw);
  }

  private static G711Law firstAddedLaw(List<String> formats, Set<String> added) {
    for (String fmt : formats) {
      if (added.contains(fmt)) {
        return fmt.equals("0") ? G711Law.PCMU : G711Law.PCMA;
      }
    }
    return null;
  }

  private static List<String> firstMainAndSupplementals(
      MediaDescription answer, MediaDescription offer, List<String> formats) {
    List<String> out = new ArrayList<>();
    boolean mainSeen = false;
    for (String fmt : formats) {
      String enc = encoding(answer, fmt);
      if (enc == null) {
        enc = encoding(offer, fmt);
      }
      if (isSupplemental(enc)) {
        out.add(fmt);
      } else if (!mainSeen) {
        out.add(fmt);
        mainSeen = true;
      }
    }
    return out;
  }

  /** Where an added codec goes: after the last non-supplemental codec. */
  private static int insertionPoint(MediaDescription m, List<String> formats) {
    int at = formats.size();
    while (at > 0 && isSupplemental(encoding(m, formats.get(at - 1)))) {
      at--;
    }
    return at;
  }

  private static boolean hasCodec(MediaDescription m, List<String> formats, String name) {
    for (String fmt : formats) {
      String enc = encoding(m, fmt);
      if (enc != null && enc.split("/", -1)[0].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  static boolean isSupplemental(String encoding) {
    if (encoding == null) {
      return false;
    }
    String name = encoding.split("/", -1)[0].toLowerCase(Locale.ROOT);
    return name.equals("telephone-event") || name.equals("cn");
  }

  private static boolean matchesAny(List<String> entries, String fmt, String encoding) {
    for (String e : entries) {
      if (matches(e, fmt, encoding)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code entry} ({@code all}, a payload type, or name[/rate[/channels]]) names it. */
  static boolean matches(String entry, String fmt, String encoding) {
    if (entry.equalsIgnoreCase("all") || entry.equalsIgnoreCase("full")) {
      return true;
    }
    if (entry.equals(fmt)) {
      return true;
    }
    if (encoding == null) {
      return false;
    }
    String[] want = entry.split("/", -1);
    String[] have = encoding.split("/", -1);
    if (!want[0].equalsIgnoreCase(have[0])) {
      return false;
    }
    for (int i = 1; i < want.length; i++) {
      String h = i < have.length ? have[i] : (i == 2 ? "1" : "");
      if (!want[i].isEmpty() && !want[i].equals(h)) {
        return false;
      }
    }
    return true;
  }

  /** {@code name/rate[/channels]} of a format: its a=rtpmap, else the static table, else null. */
  static String encoding(MediaDescription m, String fmt) {
    SdpLine line = rtpmapLine(m, fmt);
    if (line != null) {
      String v = line.attributeValue();
      int sp = v.indexOf(' ');
      return sp < 0 ? null : v.substring(sp + 1).strip();
    }
    return StaticPayloads.encoding(fmt);
  }

  /** The {@code a=rtpmap} line of {@code fmt}, or null. */
  static SdpLine rtpmapLine(MediaDescription m, String fmt) {
    return formatLine(m, "rtpmap", fmt);
  }

  static SdpLine formatLine(MediaDescription m, String attribute, String fmt) {
    for (SdpLine l : m.attributes(attribute)) {
      if (fmt.equals(formatOf(l))) {
        return l;
      }
    }
    return null;
  }

  /** The format an {@code a=rtpmap}/{@code a=fmtp}/{@code a=rtcp-fb} line is about. */
  static String formatOf(SdpLine l) {
    String v = l.attributeValue();
    if (v == null) {
      return null;
    }
    int sp = v.indexOf(' ');
    return sp < 0 ? v : v.substring(0, sp);
  }

  /** Checks the a=rtpmap lines parse (they are passed on; a broken one fails the request). */
  static void validate(MediaDescription m) throws SdpParseException {
    m.rtpmaps();
  }
}
