package io.isthmus.ng;

import java.util.Locale;
import java.util.Set;

/**
 * The words of the {@code flags} list that rtpengine's NG documentation defines, plus Isthmus's
 * {@link #SDP_SOURCE_ONLY}. Matching is on a normal form: spaces written as hyphens ("trust
 * address" is "trust-address", as rtpengine allows) and lower case. A word outside this set is not
 * an error: rtpengine logs "Unknown flag encountered" and carries on, and so do we (the request
 * reports it as a warning).
 */
public final class NgFlags {
  private NgFlags() {}

  /**
   * Isthmus's one extension of the list: the sender's media is accepted only from the address and
   * port its SDP signalled, during learning too (no NAT; RTP injection and RTP Bleed impossible).
   * rtpengine does not know it (it logs "Unknown flag" and learns as usual).
   */
  public static final String SDP_SOURCE_ONLY = "sdp-source-only";

  private static final Set<String> KNOWN =
      Set.of(
          "all",
          "allow-asymmetric-codecs",
          "allow-no-codec-media",
          "allow-transcoding",
          "always-transcode",
          "asymmetric",
          "asymmetric-codecs",
          "block-dtmf",
          "block-short",
          "debug",
          "detect-dtmf",
          "directional",
          "discard-recording",
          "early-media",
          "egress",
          "exclude-recording",
          "fast",
          "fatal",
          "force-encryption",
          "force-transcoding",
          "full-rtcp-attribute",
          "generate-mid",
          "generate-rtcp",
          "ice-reject",
          "inactive",
          "inject-dtmf",
          "loop-protect",
          "media-handover",
          "mirror-rtcp",
          "nat-wait",
          "new-branch",
          "no-codec-renegotiation",
          "no-jitter-buffer",
          "no-passthrough",
          "no-port-latching",
          "no-redis-update",
          "no-rtcp-attribute",
          "original-sendrecv",
          "pad-crypto",
          "passthrough",
          "pierce-nat",
          "port-latching",
          "provisional",
          "record-call",
          "recrypt",
          "reject-ice",
          "reorder-codecs",
          "reset",
          "reuse-codecs",
          SDP_SOURCE_ONLY,
          "rtcp-mirror",
          "single-codec",
          "sip-source-address",
          "siprec",
          "static-codecs",
          "strict-source",
          "strip-extmap",
          "symmetric",
          "symmetric-codecs",
          "to-tag",
          "trickle-ice",
          "trust-address",
          "unidirectional",
          "webrtc",
          "zero-address");

  /** The normal form of a flag: hyphens for spaces, lower case. */
  public static String normalize(String flag) {
    return flag.replace(' ', '-').toLowerCase(Locale.ROOT);
  }

  /** Every flag this set holds, in normal form (for the relay's check that each acts or warns). */
  public static Set<String> known() {
    return KNOWN;
  }

  /** True if the normalized {@code flag} is one rtpengine defines. */
  public static boolean isKnown(String normalized) {
    return KNOWN.contains(normalized);
  }
}
