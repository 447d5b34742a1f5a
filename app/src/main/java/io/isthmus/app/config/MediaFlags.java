package io.isthmus.app.config;

import io.isthmus.ng.NgFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code relay.default-flags} and {@code networks.NAME.relay-flags} read as Kamailio's rtpengine
 * module reads an {@code rtpengine_manage()} flag string, into the NG request entries the proxy
 * sends:
 *
 * <ul>
 *   <li>{@code replace-X} into {@code replace} (rtpengine's {@code replace-origin}, ...);
 *   <li>{@code rtcp-mux-X} into {@code rtcp-mux} ({@code rtcp-mux-demux}, ...);
 *   <li>{@code ICE=X} into {@code ICE};
 *   <li>{@code codec-OP=CODEC} (strip, offer, transcode, mask, set, except, accept, consume) into
 *       the codec operation, sent as rtpengine's flag form {@code codec-OP-CODEC};
 *   <li>{@code RTP/AVP}, {@code RTP/AVPF}, {@code RTP/SAVP}, {@code RTP/SAVPF}, or Kamailio's words
 *       {@code RTP}, {@code SRTP}, {@code AVP}, {@code AVPF} combined as its module combines them,
 *       into {@code transport-protocol};
 *   <li>{@code direction=X}, kept to be checked against the configured interfaces (the proxy sends
 *       the direction of each call, derived from its two legs' networks);
 *   <li>{@code SDES-X} and every other rtpengine flag word into {@code flags}.
 * </ul>
 *
 * Refused, each with the reason: DTLS-SRTP ({@code UDP/TLS/...}, {@code DTLS}: the Isthmus relay
 * does not do DTLS), other {@code key=value} entries (keys the proxy does not send), and words that
 * are not rtpengine flags (a typo would otherwise do nothing).
 *
 * @param flags the {@code flags} list
 * @param replace the {@code replace} list
 * @param ice the {@code ICE} value, "" for none
 * @param rtcpMux the {@code rtcp-mux} list
 * @param direction the {@code direction=} values in their order
 * @param transportProtocol the {@code transport-protocol}, or null for none
 */
public record MediaFlags(
    List<String> flags,
    List<String> replace,
    String ice,
    List<String> rtcpMux,
    List<String> direction,
    String transportProtocol) {

  private static final Set<String> CODEC_OPERATIONS =
      Set.of("strip", "offer", "transcode", "mask", "set", "except", "accept", "consume");

  /** The transport protocols the relay speaks: RTP with or without feedback, plain or SDES-SRTP. */
  static final List<String> PROTOCOLS = List.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF");

  public MediaFlags {
    flags = List.copyOf(flags);
    replace = List.copyOf(replace);
    rtcpMux = List.copyOf(rtcpMux);
    direction = List.copyOf(direction);
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
   * Reads the flags written at {@code key} of {@code m} (a string, or a list of words or strings),
   * reporting every refused word with its line; each word is noted in {@code m.lines()} with the
   * path it was written at, for the checks across sections ({@code direction=}).
   *
   * @return the words as written, in order; empty when the key is absent
   */
  static List<String> read(MappingReader m, String key) {
    YamlNode n = m.node(key);
    if (n == null) {
      return List.of();
    }
    List<String> words = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    if (n instanceof YamlNode.Scalar s && !s.isNull()) {
      for (String w : words(s.text())) {
        words.add(w);
        paths.add(m.path(key));
      }
    } else {
      for (MappingReader.Item f :
          m.items(n, m.path(key), "a flag string or list, e.g. \"trust-address replace-origin\"")) {
        String text = m.convert(f.node(), f.path(), Converters.TEXT);
        if (text != null) {
          for (String w : words(text)) {
            words.add(w);
            paths.add(f.path());
          }
        }
      }
    }
    Set<String> reported = new java.util.HashSet<>();
    for (int i = 0; i < words.size(); i++) {
      m.lines().note(words.get(i), paths.get(i));
      List<String> errors = new ArrayList<>();
      parse(List.of(words.get(i)), errors);
      for (String e : errors) {
        m.errors().add(m.lines().of(paths.get(i)), paths.get(i), e);
        reported.add(e);
      }
    }
    List<String> errors = new ArrayList<>();
    parse(words, errors); // what only the words together say: two transport protocols
    for (String e : errors) {
      if (!reported.contains(e)) {
        m.errors().add(m.lines().of(m.path(key)), m.path(key), e);
      }
    }
    return words;
  }

  /**
   * Reads the words; each refused word is reported to {@code errors} as "WORD: why (expected ...)".
   */
  public static MediaFlags parse(List<String> words, List<String> errors) {
    List<String> flags = new ArrayList<>();
    List<String> replace = new ArrayList<>();
    List<String> rtcpMux = new ArrayList<>();
    List<String> direction = new ArrayList<>();
    String ice = "";
    String protocol = null;
    String protocolWord = null;
    Boolean secure = null;
    Boolean feedback = null;
    for (String word : words) {
      String lower = word.toLowerCase(Locale.ROOT);
      int eq = word.indexOf('=');
      if (lower.startsWith("direction=")) {
        direction.add(word.substring("direction=".length()));
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
                + ": a key the proxy does not send (expected flag words, direction=, replace-*,"
                + " rtcp-mux-*, ICE=, codec-*= or a transport protocol)");
      } else if (PROTOCOLS.contains(word)) {
        if (protocolWord != null && !protocolWord.equals(word)) {
          errors.add(
              word
                  + ": a second transport protocol after "
                  + protocolWord
                  + " (expected one of RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF)");
        }
        protocolWord = word;
      } else if (word.contains("/") || lower.equals("dtls")) {
        errors.add(
            word
                + ": the Isthmus relay does not do DTLS-SRTP (expected RTP/AVP, RTP/AVPF, RTP/SAVP"
                + " or RTP/SAVPF; SRTP with SDES keys is RTP/SAVP)");
      } else if (word.equals("RTP") || word.equals("SRTP")) {
        secure = word.equals("SRTP"); // Kamailio's bits: the last of RTP and SRTP wins
      } else if (word.equals("AVP") || word.equals("AVPF")) {
        feedback = word.equals("AVPF");
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
    if (secure != null || feedback != null) {
      String bits =
          "RTP/"
              + (Boolean.TRUE.equals(secure) ? "S" : "")
              + "AVP"
              + (Boolean.TRUE.equals(feedback) ? "F" : "");
      if (protocolWord != null && !protocolWord.equals(bits)) {
        errors.add(
            bits
                + ": Kamailio's RTP/SRTP/AVP/AVPF words make "
                + bits
                + ", the string also says "
                + protocolWord
                + " (expected one transport protocol)");
      }
      protocol = bits;
    }
    if (protocolWord != null) {
      protocol = protocolWord;
    }
    return new MediaFlags(flags, replace, ice, rtcpMux, direction, protocol);
  }
}
