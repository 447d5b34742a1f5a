package io.isthmus.app.config;

import io.isthmus.ng.NgFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code relay.default-flags} read as Kamailio's rtpengine module reads an {@code
 * rtpengine_manage()} flag string, into the NG request entries the proxy sends with every offer and
 * answer:
 *
 * <ul>
 *   <li>{@code replace-X} into {@code replace} (rtpengine's {@code replace-origin}, ...);
 *   <li>{@code rtcp-mux-X} into {@code rtcp-mux} ({@code rtcp-mux-demux}, ...);
 *   <li>{@code ICE=X} into {@code ICE};
 *   <li>{@code codec-OP=CODEC} (strip, offer, transcode, mask, set, except, accept, consume) into
 *       the codec operation, sent as rtpengine's flag form {@code codec-OP-CODEC};
 *   <li>{@code SDES-X} and every other rtpengine flag word into {@code flags}.
 * </ul>
 *
 * Refused, each with the reason: {@code direction=} (the proxy derives it per call from the two
 * legs' networks), other {@code key=value} entries and transport protocols (keys the proxy does not
 * send), and words that are not rtpengine flags (a typo would otherwise do nothing).
 *
 * @param flags the {@code flags} list
 * @param replace the {@code replace} list
 * @param ice the {@code ICE} value, "" for none
 * @param rtcpMux the {@code rtcp-mux} list
 */
public record MediaFlags(
    List<String> flags, List<String> replace, String ice, List<String> rtcpMux) {

  private static final Set<String> CODEC_OPERATIONS =
      Set.of("strip", "offer", "transcode", "mask", "set", "except", "accept", "consume");

  public MediaFlags {
    flags = List.copyOf(flags);
    replace = List.copyOf(replace);
    rtcpMux = List.copyOf(rtcpMux);
  }

  /** The words of a flag string or list: a string is split on white space, as Kamailio does. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Reads the words; each refused word is reported to {@code errors} as "WORD: why (expected ...)".
   */
  public static MediaFlags parse(List<String> words, List<String> errors) {
    List<String> flags = new ArrayList<>();
    List<String> replace = new ArrayList<>();
    List<String> rtcpMux = new ArrayList<>();
    String ice = "";
    for (String word : words) {
      String lower = word.toLowerCase(Locale.ROOT);
      int eq = word.indexOf('=');
      if (lower.startsWith("direction=")) {
        errors.add(
            word
                + ": the proxy sets direction per call from the two legs' networks (expected no"
                + " direction= in default-flags: calls from each network get their own)");
      } else if (lower.startsWith("ice=")) {
        ice = word.substring(4);
      } else if (lower.startsWith("codec-") && eq > 0) {
        String op = lower.substring(6, eq);
        String codec = word.substring(eq + 1);
        if (!CODEC_OPERATIONS.contains(op) || codec.isEmpty()) {
          errors.add(
              word
                  + ": not a codec operation (expected codec-strip=, codec-offer=,"
                  + " codec-transcode=, codec-mask=, codec-set=, codec-except=, codec-accept= or"
                  + " codec-consume= with a codec name or all)");
        } else {
          flags.add("codec-" + op + "-" + codec);
        }
      } else if (eq > 0) {
        errors.add(
            word
                + ": a key the proxy does not send (expected flag words, replace-*,"
                + " rtcp-mux-*, ICE= or codec-*=)");
      } else if (word.contains("/")
          || Set.of("rtp", "srtp", "avp", "avpf", "dtls").contains(lower)) {
        errors.add(
            word
                + ": the transport protocol follows the offer (expected no transport protocol in"
                + " default-flags)");
      } else if (lower.startsWith("replace-") && lower.length() > 8) {
        replace.add(word.substring(8));
      } else if (lower.startsWith("rtcp-mux-") && lower.length() > 9) {
        rtcpMux.add(word.substring(9));
      } else if (lower.startsWith("sdes-") && lower.length() > 5) {
        flags.add(word);
      } else if (NgFlags.isKnown(NgFlags.normalize(word))) {
        flags.add(NgFlags.normalize(word));
      } else {
        errors.add(word + ": not an rtpengine flag (expected a flag of rtpengine's NG protocol)");
      }
    }
    return new MediaFlags(flags, replace, ice, rtcpMux);
  }
}
