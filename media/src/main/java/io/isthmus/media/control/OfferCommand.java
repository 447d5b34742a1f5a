package io.isthmus.media.control;

import io.isthmus.media.ice.IceCredentials;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaEndpoint;
import io.isthmus.media.relay.MediaRelay;
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
 * {@code offer}: the SDP of the party named by {@code from-tag}, passed on to the other party with
 * the relay's ports on the interface facing it.
 *
 * <p>Per m-line the offerer gets a stream facing it (where it will send) and the other party one
 * facing it (advertised in the SDP sent on). A re-offer whose m-line is unchanged keeps both; one
 * whose address or port changed gets new ports on the other side, as rtpengine does. A rejected
 * m-line (port 0) releases both. Runs on the call's event loop.
 */
final class OfferCommand {
  private final MediaRelay relay;
  private final Wall wall;

  OfferCommand(MediaRelay relay, Wall wall) {
    this.relay = relay;
    this.wall = wall;
  }

  NgResponse run(Call call, NgRequest req, SessionDescription sdp) throws NgException {
    SignalOptions opt = SignalOptions.of(req);
    // A call this offer creates has no party yet. It enters the relay's table only if the offer
    // succeeds (MediaRelay.onCall): a failed first offer leaves nothing behind.
    if (call.monologues().isEmpty()) {
      call.setCreatedEpochMicros(wall.epochMicros());
    }
    String branch = req.viaBranch() == null ? "" : req.viaBranch();
    LogicalInterface fromIf = Interfaces.pick(relay, req.direction(), 0, opt.warnings);
    LogicalInterface toIf = Interfaces.pick(relay, req.direction(), 1, opt.warnings);
    List<Monologue> created = new ArrayList<>();

    boolean newCall = call.monologues().isEmpty();
    Monologue a = call.find(req.fromTag());
    if (a == null) {
      a = party(call, req.fromTag(), branch, fromIf, created);
      NgParty.of(a).setTagType("FROM_TAG");
      if (newCall && req.source() != null) {
        NgParty.of(a).setCreatedFrom(CliSessions.address(req.source()));
      }
    } else if (fromIf != null) {
      a.setIface(fromIf);
    }
    Monologue b = call.find(req.toTag());
    if (b == null && req.toTag() == null) {
      b = call.pending(branch);
      if (b == null && a.peer() != null && a.peer().branch().equals(branch)) {
        b = a.peer();
      }
    }
    if (b == null) {
      b = party(call, req.toTag(), branch, toIf, created);
      if (req.toTag() != null) {
        NgParty.of(b).setTagType("TO_TAG");
      }
    } else if (toIf != null) {
      b.setIface(toIf);
    }
    if (a == b) {
      rollbackParties(call, created);
      throw new NgException(NgReasons.DIALOGUE);
    }

    // Phase 1: open every stream the offer needs; running out of ports undoes them all.
    int n = sdp.media().size();
    List<MediaEndpoint> endpoints = new ArrayList<>(n);
    MediaStream[] newA = new MediaStream[n];
    MediaStream[] newB = new MediaStream[n];
    Allocation alloc = new Allocation();
    try {
      for (int i = 0; i < n; i++) {
        MediaDescription m = sdp.media(i);
        if (m.media().isRejected()) {
          endpoints.add(null);
          continue;
        }
        MediaEndpoint e = SdpFacts.endpoint(sdp, m, opt.mediaAddress);
        endpoints.add(e);
        String type = m.media().type();
        MediaSlot as = a.slot(b, i);
        MediaSlot bs = b.slot(a, i);
        if (needsStream(as, a, type)) {
          newA[i] = alloc.open(a, type);
        }
        boolean moved = PortLatching.moved(as.lastSignalled(), e, opt);
        if (moved || needsStream(bs, b, type)) {
          newB[i] = alloc.open(b, type);
        }
      }
    } catch (NgException e) {
      alloc.rollback();
      rollbackParties(call, created); // with the empty slots phase 1 made for their dialogues
      throw e;
    }

    // Phase 2: commit.
    call.cancelPendingDelete();
    call.nextGeneration();
    if (req.label() != null) {
      a.setLabel(req.label());
    }
    List<OfferedMedia> offered = new ArrayList<>(n);
    List<MediaPlan> plans = new ArrayList<>(n);
    String addr = b.iface().advertised().getHostAddress();
    for (int i = 0; i < n; i++) {
      MediaDescription m = sdp.media(i);
      MediaSlot as = a.slot(b, i);
      MediaSlot bs = b.slot(a, i);
      RtcpMuxPolicy mux = RtcpMuxPolicy.of(m.rtcpMux(), opt.rtcpMux);
      if (m.media().isRejected()) {
        as.release();
        bs.release();
        offered.add(new OfferedMedia(m, java.util.Set.of(), mux, null, null));
        plans.add(MediaPlan.rejected(m, addr));
        continue;
      }
      MediaEndpoint e = endpoints.get(i);
      as.replace(newA[i]);
      boolean bNew = bs.replace(newB[i]);
      as.setType(m.media().type());
      as.setProto(m.media().proto());
      NgParty.of(a).setCodecs(as, m);
      NgParty.of(b).setCodecs(bs, m);
      bs.setType(as.type());
      if (!e.onHold()) {
        as.stream().setExpectedPeer(e.address(), e.rtpPort(), e.rtcpPort());
        as.setLastSignalled(e);
      }
      as.stream().setSourcePolicy(opt.sources);
      if (bNew && bs.lastSignalled() != null) {
        MediaEndpoint known = bs.lastSignalled();
        bs.stream().setExpectedPeer(known.address(), known.rtpPort(), known.rtcpPort());
      }
      Direction dir = SdpFacts.direction(sdp, m);
      iceRoles(a, as, b, bs, i);
      as.signalled(SdpFacts.sends(dir), SdpFacts.receives(dir));
      bs.offered(SdpFacts.receives(dir), SdpFacts.sends(dir));
      MediaStream.pair(as.stream(), bs.stream());
      as.stream().clearTranscoding();
      bs.stream().clearTranscoding();
      if (mux.onlyMuxOnward()) {
        setMux(bs.stream(), true);
      }
      CodecPlanner.OfferCodecs codecs = CodecPlanner.offer(m, req.codec(), opt.warnings);
      String proto = SdpFacts.onwardProfile(m.media().proto(), opt.transportProtocol, opt.warnings);
      Sdes.Offer sdes = Sdes.offer(m, proto, opt.warnings, NgParty.of(b).acceptedCrypto(i));
      if (sdes == null && Sdes.secure(m.media().proto()) != Sdes.secure(proto)) {
        proto = m.media().proto(); // SRTP the relay cannot terminate: passed through as it is
      }
      IceCredentials offererIce = Ice.credentials(sdp, m);
      offered.add(new OfferedMedia(m, codecs.added(), mux, sdes, offererIce));
      bs.setProto(proto);
      int port = bs.stream().localRtpPort();
      int rtcpPort = mux.onlyMuxOnward() ? port : port + 1;
      if (offererIce != null) {
        Ice.agent(as.stream(), offererIce); // the answer back carries its credentials
      } else {
        as.stream().setIceAgent(null);
      }
      List<String> ice = List.of();
      if (opt.ice.towardsRecipient(offererIce != null)) {
        Ice.agent(bs.stream(), null);
        ice = Ice.lines(bs.stream(), rtcpPort, opt.trickleIce);
      } else {
        bs.stream().setIceAgent(null);
      }
      plans.add(
          new MediaPlan(
              m,
              null,
              port,
              proto,
              codecs.formats(),
              dir,
              rtcpPort,
              mux.offerOnward(),
              addr,
              null,
              null,
              Sdes.offerLines(sdes),
              ice));
    }
    b.setReceivedOffer(new ReceivedOffer(offered));
    subscribe(a, b, req, created.contains(b));
    a.talkTo(b);
    b.talkTo(a);
    releaseBeyond(a, n);
    releaseBeyond(b, n);
    call.signalled();
    byte[] out =
        SdpComposer.compose(
            sdp,
            plans,
            SdpComposer.SessionPlan.of(
                b.iface().advertised(),
                opt,
                opt.replaceSdpVersion
                    ? NgParty.of(a).sdpVersion(req.sdp().asString(), sdp.origin())
                    : null));
    return Replies.withSdp(out, opt.warnings);
  }

  private Monologue party(
      Call call, String tag, String branch, LogicalInterface iface, List<Monologue> created) {
    Monologue p =
        call.addMonologue(
            tag, branch, iface != null ? iface : Interfaces.first(relay), wall.epochMicros());
    created.add(p);
    NgParty.of(p);
    return p;
  }

  /**
   * rtpengine's dialogue bookkeeping ({@link NgParty}): an offer without to-tag pairs the parties
   * unless the offerer already sends to the other side; one with a to-tag unless the two are paired
   * one-to-one. A party created for a via-branch shows it.
   */
  private static void subscribe(Monologue a, Monologue b, NgRequest req, boolean bNew) {
    if (req.toTag() == null) {
      if (bNew || !NgParty.sendsTo(a, b)) {
        NgParty.bothWays(a, b);
      }
      NgParty.of(b).tagBranch(req.viaBranch());
    } else if (!NgParty.intact(a, b)) {
      NgParty.bothWays(a, b);
    }
  }

  /**
   * The ICE roles rtpengine gives an offer's media even without ICE: controlling towards the party
   * offered to, controlled towards the offerer, decided when each side's media is new.
   */
  private static void iceRoles(Monologue a, MediaSlot as, Monologue b, MediaSlot bs, int mline) {
    if (!bs.initialized()) {
      NgParty.of(b).setIceControlling(mline, true);
    }
    if (!as.initialized()) {
      NgParty.of(a).setIceControlling(mline, false);
    }
  }

  private static void rollbackParties(Call call, List<Monologue> created) {
    for (Monologue p : created) {
      call.removeMonologue(p);
    }
  }

  /** A stream is (re)opened when missing, or when its party moved to another interface or type. */
  private static boolean needsStream(MediaSlot slot, Monologue party, String type) {
    return slot.stream() == null
        || !slot.stream().iface().equals(party.iface())
        || !slot.stream().type().equals(type);
  }

  static void setMux(MediaStream stream, boolean mux) throws NgException {
    try {
      stream.setRtcpMux(mux);
    } catch (io.isthmus.media.net.PortsExhaustedException e) {
      throw new NgException(NgReasons.OUT_OF_PORTS);
    }
  }

  private static void releaseBeyond(Monologue p, int n) {
    for (int i = n; i < p.slots().size(); i++) {
      p.slots().get(i).release();
    }
  }
}
