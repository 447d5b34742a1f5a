package io.isthmus.media.control;

import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.Monologue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the NG layer keeps per party beyond the offer. Mainly rtpengine's bookkeeping of who
 * receives whose media, as its {@code query} shows it: each party has {@code subscriptions} (the
 * parties it receives from) and {@code subscribers} (the parties receiving from it), all of type
 * {@code offer/answer} here. An offer/answer exchange that does not find its two parties already
 * paired one-to-one pairs them "both ways": every other offer/answer subscriber of either party is
 * dropped, then each subscribes to the other, newest first. With forking this leaves the offerer
 * subscribed to every branch that answered and sending to the latest, exactly as rtpengine 10.5
 * reports it.
 *
 * <p>Also kept per party: the number rtpengine names an untagged party by ({@code <untagged N>}, N
 * counting the call's parties from 0), the via-branch rtpengine shows (only on the party an offer
 * created for a branch), and per m-line whether the relay's ICE role towards the party is
 * controlling (rtpengine sets it on the media of the party offered to, even without ICE), and the
 * SDP version it last sent for the party ({@code replace: [SDP-version]}). Lives in {@link
 * Monologue#signalling}; used on the call's event loop only.
 */
final class NgParty {
  private final int uniqueId;
  private final List<Monologue> subscriptions = new ArrayList<>();
  private final List<Monologue> subscribers = new ArrayList<>();
  private final Set<Integer> iceControlling = new HashSet<>();
  private String viaBranch;
  private final java.util.Map<Integer, Sdes.Crypto> acceptedCrypto = new java.util.HashMap<>();
  // Per media slot, the codec names of the party's last SDP by payload type (query's "codec").
  private final java.util.Map<io.isthmus.media.relay.MediaSlot, java.util.Map<Integer, String>>
      codecs = new java.util.IdentityHashMap<>();
  private String tagType = "UNKNOWN";
  private String createdFrom;
  private String lastBody;
  private String lastVersion;

  private NgParty(int uniqueId) {
    this.uniqueId = uniqueId;
  }

  /** The state of {@code m}, created (with the call's next number) on first use. */
  static NgParty of(Monologue m) {
    NgParty s = m.signalling(NgParty.class);
    if (s == null) {
      int next = 0;
      for (Monologue other : m.call().monologues()) {
        NgParty o = other.signalling(NgParty.class);
        if (o != null) {
          next = Math.max(next, o.uniqueId + 1);
        }
      }
      s = new NgParty(next);
      m.setSignalling(s);
    }
    return s;
  }

  /** The key rtpengine gives a party without a tag. */
  String untaggedName() {
    return "<untagged " + uniqueId + ">";
  }

  List<Monologue> subscriptions() {
    return List.copyOf(subscriptions);
  }

  List<Monologue> subscribers() {
    return List.copyOf(subscribers);
  }

  String viaBranch() {
    return viaBranch;
  }

  /** Shows {@code branch} for a party offered to on it, unless it already shows one. */
  void tagBranch(String branch) {
    if (viaBranch == null && branch != null && !branch.isEmpty()) {
      viaBranch = branch;
    }
  }

  boolean iceControlling(int mline) {
    return iceControlling.contains(mline);
  }

  void setIceControlling(int mline, boolean controlling) {
    if (controlling) {
      iceControlling.add(mline);
    } else {
      iceControlling.remove(mline);
    }
  }

  /**
   * rtpengine's {@code replace: [SDP-version]}: the session version to send for this party's SDP
   * {@code text} whose own version is {@code version}. The first SDP keeps its version; a later one
   * keeps the version last sent if nothing but the o= line changed, else gets that version plus
   * one, whatever the party wrote.
   */
  String sdpVersion(String text, io.isthmus.sdp.Origin origin) {
    String body = text.replaceAll("(?m)^o=.*$", "");
    String version;
    if (lastVersion == null) {
      version = origin.sessionVersion();
    } else if (body.equals(lastBody)) {
      version = lastVersion;
    } else {
      version = origin.withSessionVersion(lastVersion).withNextVersion().sessionVersion();
    }
    lastBody = body;
    lastVersion = version;
    return version;
  }

  /** rtpengine's tag type for the CLI: FROM_TAG, TO_TAG, or UNKNOWN while untagged. */
  String tagType() {
    return tagType;
  }

  void setTagType(String type) {
    this.tagType = type;
  }

  /** The control client whose offer created the call ("address:port"), on its first party. */
  String createdFrom() {
    return createdFrom;
  }

  void setCreatedFrom(String from) {
    this.createdFrom = from;
  }

  /** The relay's SDES key the party accepted for m-line {@code mline}, or null. */
  Sdes.Crypto acceptedCrypto(int mline) {
    return acceptedCrypto.get(mline);
  }

  void setAcceptedCrypto(int mline, Sdes.Crypto crypto) {
    acceptedCrypto.put(mline, crypto);
  }

  /**
   * The codec of payload type {@code pt} in the SDP last signalled for {@code slot} (rtpengine's
   * {@code encoding/clock rate[/channels]}), else the static payload type's (RFC 3551), else null.
   */
  String codec(io.isthmus.media.relay.MediaSlot slot, int pt) {
    String name = codecs.getOrDefault(slot, java.util.Map.of()).get(pt);
    return name != null ? name : StaticPayloads.encoding(Integer.toString(pt));
  }

  /** Remembers the codecs of {@code m} as the SDP of {@code slot}. */
  void setCodecs(io.isthmus.media.relay.MediaSlot slot, io.isthmus.sdp.MediaDescription m) {
    java.util.Map<Integer, String> names = new java.util.HashMap<>();
    try {
      for (io.isthmus.sdp.Rtpmap r : m.rtpmaps()) {
        names.put(
            r.payloadType(),
            r.encoding()
                + "/"
                + r.clockRate()
                + (r.channelCount() > 1 ? "/" + r.channelCount() : ""));
      }
    } catch (io.isthmus.sdp.SdpParseException e) {
      // a malformed a=rtpmap names no codec; the static types still do
    }
    codecs.put(slot, names);
  }

  /** Whether {@code from} and {@code to} receive from each other and from nobody else. */
  static boolean intact(Monologue from, Monologue to) {
    NgParty f = of(from);
    NgParty t = of(to);
    return f.subscriptions.equals(List.of(to))
        && f.subscribers.equals(List.of(to))
        && t.subscriptions.equals(List.of(from))
        && t.subscribers.equals(List.of(from));
  }

  /** Whether {@code to} already receives from {@code from} (an offer's dialogue still holds). */
  static boolean sendsTo(Monologue from, Monologue to) {
    return of(from).subscribers.contains(to);
  }

  /** Pairs the two parties, dropping every other offer/answer subscriber of either. */
  static void bothWays(Monologue a, Monologue b) {
    dropSubscribers(a);
    dropSubscribers(b);
    subscribe(a, b);
    subscribe(b, a);
  }

  /** A party leaves the call: nobody receives from it or sends to it any more. */
  static void forget(Call call, Monologue gone) {
    for (Monologue m : call.monologues()) {
      NgParty s = m.signalling(NgParty.class);
      if (s != null) {
        s.subscriptions.remove(gone);
        s.subscribers.remove(gone);
      }
    }
  }

  private static void subscribe(Monologue which, Monologue to) {
    NgParty w = of(which);
    if (w.subscriptions.contains(to)) {
      return;
    }
    w.subscriptions.addFirst(to);
    of(to).subscribers.addFirst(which);
  }

  private static void dropSubscribers(Monologue m) {
    NgParty s = of(m);
    for (Monologue subscriber : List.copyOf(s.subscribers)) {
      of(subscriber).subscriptions.remove(m);
    }
    s.subscribers.clear();
  }
}
