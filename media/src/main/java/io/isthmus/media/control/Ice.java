package io.isthmus.media.control;

import io.isthmus.media.ice.IceAgent;
import io.isthmus.media.ice.IceCandidates;
import io.isthmus.media.ice.IceCredentials;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SessionDescription;
import java.util.List;
import java.util.Locale;

/**
 * The NG side of the relay's ICE-lite agent, with rtpengine 10.5's rules for where the relay acts
 * as the ICE agent ({@code ICE} key):
 *
 * <ul>
 *   <li>towards the party offered to: {@code force} always; {@code default} (or no key) when the
 *       offerer did ICE; {@code remove} (and the {@code reject-ice} flag) never;
 *   <li>towards an offerer that did ICE: always, in the answer (rtpengine answers an ICE offerer
 *       with its own candidates even after {@code ICE=remove} stripped ICE towards the answerer).
 * </ul>
 *
 * The relay is an ICE-lite agent (it answers checks, sends none), so each SDP with its candidates
 * says {@code a=ice-lite} (RFC 8839 §5.3): a full peer is then controlling and nominates. The
 * party's own ICE lines never pass through: the relay is the end of ICE on each side.
 */
final class Ice {
  private Ice() {}

  /** The {@code ICE} key's choices. */
  enum Mode {
    DEFAULT,
    FORCE,
    REMOVE;

    /** Whether the offer sent on carries the relay's candidates. */
    boolean towardsRecipient(boolean offererDidIce) {
      return this == FORCE || (this == DEFAULT && offererDidIce);
    }
  }

  /**
   * Reads the {@code ICE} key and the ICE flags; a value the relay cannot do is named in a warning
   * with what it does instead.
   */
  static Mode mode(String ice, boolean rejectIce, List<String> warnings) {
    Mode mode = Mode.DEFAULT;
    if (ice != null) {
      switch (ice.toLowerCase(Locale.ROOT)) {
        case "default" -> mode = Mode.DEFAULT;
        case "force" -> mode = Mode.FORCE;
        case "remove" -> mode = Mode.REMOVE;
        case "force-relay", "force_relay", "optional" -> {
          mode = Mode.FORCE;
          warnings.add(
              "ICE '"
                  + ice
                  + "' is not supported; the relay's host candidates replace"
                  + " the party's (as ICE=force)");
        }
        default -> warnings.add("ICE '" + ice + "' is not a known value; ICE=default applies");
      }
    }
    return rejectIce ? Mode.REMOVE : mode;
  }

  /** The party's credentials in this section (media level, else session level), or null. */
  static IceCredentials credentials(SessionDescription sdp, MediaDescription m) {
    String ufrag = m.iceUfrag().or(sdp::iceUfrag).orElse(null);
    String pwd = m.icePwd().or(sdp::icePwd).orElse(null);
    return ufrag == null || pwd == null ? null : new IceCredentials(ufrag, pwd);
  }

  /**
   * Gives {@code stream} an agent: its current one while the party's credentials stay (so the
   * relay's ufrag/pwd survive a re-offer, as rtpengine keeps them), a fresh one when the party
   * restarted ICE (new credentials, RFC 8445 §9) or there is none yet.
   */
  static IceAgent agent(MediaStream stream, IceCredentials remote) {
    IceAgent current = stream.iceAgent();
    if (current != null
        && (remote == null || current.remote() == null || current.remote().equals(remote))) {
      if (remote != null) {
        current.setRemote(remote);
      }
      return current;
    }
    IceAgent fresh = new IceAgent(IceCredentials.random());
    fresh.setRemote(remote);
    stream.setIceAgent(fresh);
    return fresh;
  }

  /** The ICE lines of {@code stream}'s section ({@code rtcpPort} 0 when muxed). */
  static List<String> lines(MediaStream stream, int rtcpPort, boolean trickle) {
    return IceCandidates.mediaLines(
        stream.iceAgent().local(),
        stream.iface().name(),
        stream.advertisedAddress(),
        stream.localRtpPort(),
        rtcpPort == stream.localRtpPort() ? 0 : rtcpPort,
        trickle);
  }
}
