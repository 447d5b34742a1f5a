package io.isthmus.media.control;

import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgFlags;
import io.isthmus.ng.NgRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the relay does with each flag of rtpengine's NG list ({@link NgFlags#known()}): a flag acts
 * on the commands listed here, and any other use comes back in the reply's {@code warning}, naming
 * the flag and why ("not supported", "no effect on delete", ...), so nothing is silently ignored.
 * Flags outside rtpengine's list are warned about by {@link NgRequest} itself.
 *
 * <p>A flag that asks for what the relay always does (no jitter buffer, no Redis update, userspace
 * forwarding of one-way media, SDP addresses trusted) acts: the reply is what it asked for. When a
 * flag comes to act, move it from {@link #IGNORED} to {@link #SIGNALLING}.
 */
final class FlagSupport {
  private FlagSupport() {}

  /** Flags that act on {@code offer} and {@code answer}. */
  static final Set<String> SIGNALLING =
      Set.of(
          "asymmetric",
          "full-rtcp-attribute",
          "ice-reject",
          "media-handover",
          "no-jitter-buffer",
          "no-port-latching",
          "no-redis-update",
          "no-rtcp-attribute",
          "original-sendrecv",
          "port-latching",
          "reject-ice",
          "sdp-source-only",
          "sip-source-address",
          "strict-source",
          "symmetric",
          "trickle-ice",
          "trust-address",
          "unidirectional");

  /** Flags that act on {@code answer} only. */
  static final Set<String> ANSWER = Set.of("single-codec");

  /** Flags that act on {@code delete}. */
  static final Set<String> DELETE = Set.of("fast", "fatal", "to-tag");

  /** Flags that act nowhere, with the reason the warning gives. */
  static final Map<String, String> IGNORED =
      Map.ofEntries(
          Map.entry("all", "block/silence commands are not supported"),
          Map.entry("allow-asymmetric-codecs", "not supported by Isthmus"),
          Map.entry("allow-no-codec-media", "not supported by Isthmus"),
          Map.entry("allow-transcoding", "not supported by Isthmus"),
          Map.entry("always-transcode", "not supported by Isthmus"),
          Map.entry("asymmetric-codecs", "obsolete (rtpengine ignores it too)"),
          Map.entry("block-dtmf", "DTMF blocking is not supported"),
          Map.entry("block-short", "not supported by Isthmus"),
          Map.entry("debug", "per-call debug logging is not supported"),
          Map.entry("detect-dtmf", "DTMF detection is not supported"),
          Map.entry("directional", "block/silence commands are not supported"),
          Map.entry("discard-recording", "recording is not supported"),
          Map.entry("early-media", "not supported by Isthmus"),
          Map.entry("egress", "recording is not supported"),
          Map.entry("exclude-recording", "recording is not supported"),
          Map.entry("force-encryption", "not supported by Isthmus"),
          Map.entry("force-transcoding", "not supported by Isthmus"),
          Map.entry("generate-mid", "not supported by Isthmus"),
          Map.entry("generate-rtcp", "RTCP generation is not supported"),
          Map.entry("inactive", "not supported by Isthmus"),
          Map.entry("inject-dtmf", "DTMF injection is not supported"),
          Map.entry("loop-protect", "not supported by Isthmus"),
          Map.entry("mirror-rtcp", "RTCP mirroring is not supported"),
          Map.entry("nat-wait", "not supported by Isthmus"),
          Map.entry("new-branch", "an unseen to-tag always joins the answering party"),
          Map.entry("no-codec-renegotiation", "not supported by Isthmus"),
          Map.entry("no-passthrough", "not supported by Isthmus"),
          Map.entry("pad-crypto", "not supported by Isthmus"),
          Map.entry("passthrough", "not supported by Isthmus"),
          Map.entry("pierce-nat", "not supported by Isthmus"),
          Map.entry("provisional", "not supported by Isthmus"),
          Map.entry("record-call", "recording is not supported"),
          Map.entry("recrypt", "not supported by Isthmus"),
          Map.entry("reorder-codecs", "obsolete (rtpengine ignores it too)"),
          Map.entry("reset", "not supported by Isthmus"),
          Map.entry("reuse-codecs", "not supported by Isthmus"),
          Map.entry("rtcp-mirror", "RTCP mirroring is not supported"),
          Map.entry("siprec", "recording is not supported"),
          Map.entry("static-codecs", "not supported by Isthmus"),
          Map.entry("strip-extmap", "not supported by Isthmus"),
          Map.entry("symmetric-codecs", "obsolete (rtpengine ignores it too)"),
          Map.entry("webrtc", "WebRTC (ICE, DTLS) is not supported"),
          Map.entry("zero-address", "not supported by Isthmus"));

  /** Whether {@code flag} (normal form) acts on {@code command}. */
  static boolean acts(String flag, NgCommand command) {
    return switch (command) {
      case OFFER -> SIGNALLING.contains(flag);
      case ANSWER -> SIGNALLING.contains(flag) || ANSWER.contains(flag);
      case DELETE -> DELETE.contains(flag);
      default -> false;
    };
  }

  /** One warning per flag of {@code req} that rtpengine defines but that does not act on it. */
  static List<String> warnings(NgRequest req) {
    List<String> out = new ArrayList<>();
    for (String flag : new TreeSet<>(req.flags())) {
      if (!NgFlags.known().contains(flag) || acts(flag, req.command())) {
        continue; // unknown flags: NgRequest's own warning
      }
      String reason = IGNORED.get(flag);
      out.add(
          "Flag '"
              + flag
              + "' ignored: "
              + (reason != null ? reason : "no effect on " + req.command().wireName()));
    }
    return out;
  }
}
