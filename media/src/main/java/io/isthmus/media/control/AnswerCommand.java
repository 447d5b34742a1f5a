package io.isthmus.media.control;

import io.isthmus.media.ice.IceCredentials;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaEndpoint;
import io.isthmus.media.relay.MediaSlot;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.relay.Monologue;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.sdp.Direction;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code answer}: the SDP of the party named by {@code to-tag}, answering the offer of the party
 * named by {@code from-tag} (Kamailio swaps the SIP tags for a late offer, so from-tag is always
 * the offerer), sent back with the relay's ports facing the offerer.
 *
 * <p>The first answer on a branch gives the waiting party its tag; a later answer with another
 * to-tag (a fork) becomes an alias of it, and the latest answer is the one media flows with. The
 * answer back names only codecs the offerer offered, repeats the offer's profile, {@code a=mid} and
 * {@code a=ptime} (as rtpengine does), and sets up PCMU/PCMA transcoding when the answerer chose
 * only the codec the relay added. Runs on the call's event loop.
 */
final class AnswerCommand {
  AnswerCommand() {}

  NgResponse run(Call call, NgRequest req, SessionDescription sdp) throws NgException {
    SignalOptions opt = SignalOptions.of(req);
    Monologue a = call.find(req.fromTag());
    if (a == null) {
      throw new NgException(NgReasons.DIALOGUE);
    }
    Monologue b = answerer(call, a, req);
    List<OfferedMedia> offered = ReceivedOffer.of(b);
    if (offered == null || b.peer() != a) {
      throw new NgException(NgReasons.DIALOGUE);
    }

    int n = offered.size();
    MediaStream[] newA = new MediaStream[n];
    List<MediaEndpoint> endpoints = new ArrayList<>(n);
    Allocation alloc = new Allocation();
    try {
      openStreams(sdp, opt, a, b, offered, newA, endpoints, alloc);
    } catch (NgException e) {
      alloc.rollback();
      throw e;
    }

    b.addTag(req.toTag());
    if (NgParty.of(b).tagType().equals("UNKNOWN")) {
      NgParty.of(b).setTagType("TO_TAG");
    }
    if (req.label() != null) {
      b.setLabel(req.label());
    }
    String addr = a.iface().advertised().getHostAddress();
    List<MediaPlan> plans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OfferedMedia om = offered.get(i);
      MediaSlot as = a.slot(b, i);
      MediaSlot bs = b.slot(a, i);
      MediaEndpoint e = endpoints.get(i);
      if (e == null) {
        as.release();
        bs.release();
        MediaDescription m = i < sdp.media().size() ? sdp.media(i) : om.offer();
        plans.add(MediaPlan.rejected(m, addr));
        continue;
      }
      MediaDescription m = sdp.media(i);
      as.replace(newA[i]);
      bs.setProto(m.media().proto());
      NgParty.of(b).setCodecs(bs, m);
      MediaStream ours = as.stream();
      MediaStream theirs = bs.stream();
      if (!e.onHold()) {
        theirs.setExpectedPeer(e.address(), e.rtpPort(), e.rtcpPort());
        bs.setLastSignalled(e);
      }
      theirs.setSourcePolicy(opt.sources);
      Direction dir = SdpFacts.direction(sdp, m);
      if (!bs.initialized()) {
        NgParty.of(b).setIceControlling(i, true); // rtpengine: the answerer's new media
      }
      bs.signalled(SdpFacts.sends(dir), SdpFacts.receives(dir));
      ours.setExpectingMedia(SdpFacts.receives(dir));
      MediaStream.pair(ours, theirs);
      boolean answererMux = m.rtcpMux();
      boolean muxBack = om.mux().acceptTowardsOfferer(answererMux);
      OfferCommand.setMux(ours, muxBack);
      OfferCommand.setMux(theirs, om.mux().answererSideMux(answererMux));
      CodecPlanner.AnswerCodecs codecs = CodecPlanner.answer(m, om, opt.singleCodec);
      if (codecs.transcoding()) {
        ours.setTranscoding(codecs.offererLaw(), codecs.answererLaw());
        theirs.setTranscoding(codecs.answererLaw(), codecs.offererLaw());
      } else {
        ours.clearTranscoding();
        theirs.clearTranscoding();
      }
      int mline = i;
      List<String> crypto =
          Sdes.answer(
              om.sdes(),
              m,
              ours,
              theirs,
              opt.warnings,
              c -> NgParty.of(b).setAcceptedCrypto(mline, c));
      int port = ours.localRtpPort();
      int rtcpPort = muxBack ? port : port + 1;
      IceCredentials answererIce = Ice.credentials(sdp, m);
      if (theirs.iceAgent() != null && answererIce != null) {
        theirs.iceAgent().setRemote(answererIce);
      } else {
        theirs.setIceAgent(null); // the answerer does no ICE: no checks will come
      }
      List<String> ice = List.of();
      if (om.offererIce() != null) {
        Ice.agent(ours, om.offererIce());
        ice = Ice.lines(ours, rtcpPort, opt.trickleIce);
      } else {
        ours.setIceAgent(null);
      }
      plans.add(
          new MediaPlan(
              m,
              om.offer(),
              port,
              om.offer().media().proto(),
              codecs.formats(),
              dir,
              rtcpPort,
              muxBack,
              addr,
              om.offer().mid().orElse(null),
              om.offer().attributeValue("ptime").orElse(null),
              crypto,
              ice));
    }
    if (!NgParty.intact(b, a)) {
      NgParty.bothWays(b, a);
    }
    a.talkTo(b);
    b.talkTo(a);
    call.signalled();
    byte[] out =
        SdpComposer.compose(
            sdp,
            plans,
            SdpComposer.SessionPlan.of(
                a.iface().advertised(),
                opt,
                opt.replaceSdpVersion
                    ? NgParty.of(b).sdpVersion(req.sdp().asString(), sdp.origin())
                    : null));
    return Replies.withSdp(out, opt.warnings);
  }

  /** Phase 1: reads every m-line and opens the streams the answer needs. */
  private static void openStreams(
      SessionDescription sdp,
      SignalOptions opt,
      Monologue a,
      Monologue b,
      List<OfferedMedia> offered,
      MediaStream[] newA,
      List<MediaEndpoint> endpoints,
      Allocation alloc)
      throws NgException {
    for (int i = 0; i < offered.size(); i++) {
      MediaDescription m = i < sdp.media().size() ? sdp.media(i) : null;
      if (m == null || m.media().isRejected() || offered.get(i).rejected()) {
        endpoints.add(null);
        continue;
      }
      MediaEndpoint e = SdpFacts.endpoint(sdp, m, opt.mediaAddress);
      endpoints.add(e);
      MediaSlot as = a.slot(b, i);
      MediaSlot bs = b.slot(a, i);
      if (bs.stream() == null) {
        throw new NgException(NgReasons.DIALOGUE); // the offer's stream for it is gone
      }
      boolean moved = PortLatching.moved(bs.lastSignalled(), e, opt);
      if (as.stream() == null || moved) {
        newA[i] = alloc.open(a, offered.get(i).offer().media().type());
      }
    }
  }

  /**
   * The party answering: known by its to-tag; else the one waiting on this via-branch (or any
   * waiting one); else, for a second answer of a fork, the offerer's current peer.
   */
  private static Monologue answerer(Call call, Monologue a, NgRequest req) throws NgException {
    Monologue b = call.find(req.toTag());
    if (b != null) {
      return b;
    }
    if (req.viaBranch() != null) {
      b = call.pending(req.viaBranch());
    }
    if (b == null) {
      b = call.pending("");
    }
    if (b == null) {
      b = call.anyPending();
    }
    if (b == null && a.peer() != null && ReceivedOffer.of(a.peer()) != null) {
      b = a.peer();
    }
    if (b == null) {
      throw new NgException(NgReasons.DIALOGUE);
    }
    return b;
  }
}
