package io.isthmus.media.control;

import io.isthmus.media.relay.SourcePolicy;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgFlags;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of one offer or answer, read from the request once: which of rtpengine's flags and keys
 * apply, and the warnings to reply with for what the relay ignores.
 */
final class SignalOptions {
  final List<String> warnings = new ArrayList<>();
  final boolean replaceOrigin;
  final boolean replaceSdpVersion;
  final boolean replaceSessionConnection;
  final boolean fullRtcpAttribute;
  final boolean noRtcpAttribute;
  final boolean originalSendrecv;
  final boolean singleCodec;
  final List<String> rtcpMux;
  final String transportProtocol;
  final SourcePolicy sources;
  final boolean portLatching;
  final boolean noPortLatching;
  final Ice.Mode ice;
  final boolean trickleIce;

  /** The address that replaces the SDP's ({@code media address}, or SIP source), or null. */
  final InetAddress mediaAddress;

  private SignalOptions(NgRequest r) throws NgException {
    warnings.addAll(r.warnings());
    warnings.addAll(FlagSupport.warnings(r));
    boolean origin = false;
    boolean version = false;
    boolean sessionConnection = false;
    for (String what : r.replace()) {
      switch (what.replace(' ', '-').toLowerCase(Locale.ROOT)) {
        case "origin", "origin-full" -> origin = true;
        case "sdp-version" -> version = true; // NgParty#sdpVersion
        // Session-level c= is rewritten whenever an m-line relies on it, and with this always.
        case "session-connection" -> sessionConnection = true;
        default ->
            // session-name, username...: the lines are left as they are
            warnings.add("Flag 'replace-" + what + "' ignored: not supported by Isthmus");
      }
    }
    replaceOrigin = origin;
    replaceSdpVersion = version;
    replaceSessionConnection = sessionConnection;
    fullRtcpAttribute = r.hasFlag("full-rtcp-attribute");
    noRtcpAttribute = r.hasFlag("no-rtcp-attribute");
    originalSendrecv = r.hasFlag("original-sendrecv");
    singleCodec = r.hasFlag("single-codec");
    rtcpMux = r.rtcpMux();
    transportProtocol = r.transportProtocol();
    ice = Ice.mode(r.ice(), r.hasFlag("reject-ice") || r.hasFlag("ice-reject"), warnings);
    trickleIce = r.hasFlag("trickle-ice");
    iceLite(r.body().get("ICE-lite"), warnings);
    mediaAddress = mediaAddress(r);
    sources = sources(r, warnings);
    portLatching = r.hasFlag("port-latching");
    noPortLatching = r.hasFlag("no-port-latching") && !portLatching;
    if (r.hasFlag("port-latching") && r.hasFlag("no-port-latching")) {
      warnings.add("Flags 'port-latching' and 'no-port-latching' together: port-latching applies");
    }
  }

  /**
   * rtpengine's {@code ICE-lite} key says in which direction it acts as a lite agent; the relay is
   * a lite agent towards every ICE party, so only {@code both} (or no key) describes it exactly.
   */
  private static void iceLite(BValue value, List<String> warnings) {
    if (value instanceof BString s && !s.asString().equalsIgnoreCase("both")) {
      warnings.add(
          "ICE-lite '"
              + s.asString()
              + "' not supported: the relay is an ICE-lite agent towards every ICE party");
    }
  }

  private static SourcePolicy sources(NgRequest r, List<String> warnings) {
    boolean strict = r.hasFlag("strict-source");
    boolean handover = r.hasFlag("media-handover");
    if (strict && handover) {
      // rtpengine logs the same: strict-source then applies while learning, handover after it.
      warnings.add("Flags 'strict-source' and 'media-handover' are mutually exclusive");
    }
    boolean asymmetric = r.hasFlag("asymmetric");
    if (asymmetric && r.hasFlag("symmetric")) {
      warnings.add("Flags 'symmetric' and 'asymmetric' together: asymmetric applies");
    }
    boolean sdpOnly = r.hasFlag(NgFlags.SDP_SOURCE_ONLY);
    if (sdpOnly && (strict || handover)) {
      warnings.add(
          "Flag 'sdp-source-only' overrides '"
              + (strict ? "strict-source" : "media-handover")
              + "': only the SDP address is accepted");
    }
    return new SourcePolicy(strict, handover, asymmetric, sdpOnly);
  }

  static SignalOptions of(NgRequest r) throws NgException {
    return new SignalOptions(r);
  }

  private InetAddress mediaAddress(NgRequest r) throws NgException {
    BValue explicit = r.body().get("media address");
    if (explicit == null) {
      explicit = r.body().get("media-address");
    }
    if (explicit != null) {
      if (!(explicit instanceof BString s)) {
        throw new NgException(
            "Invalid value for key \"media-address\": expected a string, got "
                + explicit.typeName());
      }
      return literal(s.asString(), "media-address");
    }
    if (r.hasFlag("sip-source-address") && r.receivedFrom().size() == 2) {
      return literal(r.receivedFrom().get(1), "received-from");
    }
    return null;
  }

  private static InetAddress literal(String text, String key) throws NgException {
    try {
      return InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      throw new NgException("Invalid value for key \"" + key + "\": not an IP address");
    }
  }
}
