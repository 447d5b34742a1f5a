package io.isthmus.proxy.media;

import io.isthmus.ng.NgFlags;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.sdp.Media;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SdpParseException;
import io.isthmus.sdp.SessionDescription;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The NG dictionaries of the proxy's media commands, built in one place so that the UDP client and
 * the in-process binding send exactly the same requests, and the one mapping of replies to {@link
 * MediaResult}s.
 *
 * <pre>
 * offer:  command call-id from-tag [to-tag] [via-branch] sdp direction [received-from]
 *         flags replace [ICE] [rtcp-mux] [transport-protocol] supports
 * answer: command call-id from-tag to-tag [via-branch] sdp flags replace [ICE] [rtcp-mux]
 *         [transport-protocol] supports
 * delete: command call-id from-tag [to-tag] [via-branch] flags=[fast]
 * ping:   command
 * </pre>
 *
 * Per network ({@link NetworkMedia}): the flags, replace and rtcp-mux entries of the network the
 * SDP is sent to are added to the defaults, its ICE value replaces the default one, and its media
 * protocol is sent as {@code transport-protocol}; an offer goes to the answerer's network ({@code
 * direction[1]}), an answer back to the offerer's. {@code sdp-source-only} is added for the network
 * the SDP comes from (its party's media is held to the SDP address).
 */
public final class NgRequests {
  /**
   * Seconds a caller is asked to wait (Retry-After) when the relay is over a limit: long enough for
   * some calls to end, short enough that a retry soon finds room.
   */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** Kamailio always announces it, so a relay over its limits says so instead of failing. */
  private static final List<String> SUPPORTS = List.of("load limit");

  private final MediaSettings settings;

  public NgRequests(MediaSettings settings) {
    this.settings = settings;
  }

  /** The {@code offer} dictionary. */
  public BDict offer(MediaOffer o) {
    BDict.Builder b = BDict.builder().put("command", "offer").put("call-id", o.callId());
    b.put("from-tag", o.fromTag());
    optional(b, "to-tag", o.toTag());
    optional(b, "via-branch", o.viaBranch());
    b.put("sdp", o.sdp());
    b.putStrings("direction", o.direction());
    if (settings.sendReceivedFrom() && o.receivedFrom() != null) {
      InetAddress a = o.receivedFrom();
      b.putStrings(
          "received-from", List.of(a instanceof Inet6Address ? "IP6" : "IP4", a.getHostAddress()));
    }
    return options(b, o.direction().getFirst(), o.direction().get(1)).build();
  }

  /**
   * Why an offer must be refused before it reaches the relay, or null. An offerer on a network with
   * a {@code media-protocol} must offer that protocol on every RTP stream it does not reject: the
   * answer it gets back carries that network's protocol, and an answer in another protocol than its
   * offer is no answer to it (RFC 3264 section 6). So a plain RTP caller on a network that requires
   * SRTP is refused (488), as is an SRTP caller on a network that carries RTP only.
   */
  public String refusal(MediaOffer o) {
    String required = settings.network(o.direction().getFirst()).mediaProtocol();
    if (required == null) {
      return null;
    }
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(o.sdp());
    } catch (SdpParseException e) {
      return null; // the relay answers unparsable SDP with its own error
    }
    for (MediaDescription m : sdp.media()) {
      Media media = m.media();
      if (media.isRtp() && !media.isRejected() && !media.proto().equals(required)) {
        return "network of interface "
            + o.direction().getFirst()
            + " requires "
            + required
            + (NetworkMedia.secure(required) ? " (SRTP, SDES keys)" : "")
            + ", the offer's "
            + media.type()
            + " stream has "
            + media.proto();
      }
    }
    return null;
  }

  /** The {@code answer} dictionary. */
  public BDict answer(MediaAnswer a) {
    BDict.Builder b = BDict.builder().put("command", "answer").put("call-id", a.callId());
    b.put("from-tag", a.fromTag()).put("to-tag", a.toTag());
    optional(b, "via-branch", a.viaBranch());
    b.put("sdp", a.sdp());
    return options(b, a.senderInterface(), a.receiverInterface()).build();
  }

  /**
   * The {@code delete} dictionary, with the {@code fast} flag: no statistics in the reply, which
   * keeps it inside one datagram (rtpengine#1856: fragmented delete replies got nodes marked dead).
   */
  public BDict delete(MediaDelete d) {
    BDict.Builder b = BDict.builder().put("command", "delete").put("call-id", d.callId());
    b.put("from-tag", d.fromTag());
    optional(b, "to-tag", d.toTag());
    optional(b, "via-branch", d.viaBranch());
    b.putStrings("flags", List.of("fast"));
    return b.build();
  }

  /** A {@code delete} of the whole call by its Call-ID alone (orphans: no tag is known). */
  public static BDict deleteCall(String callId) {
    return BDict.builder()
        .put("command", "delete")
        .put("call-id", callId)
        .putStrings("flags", List.of("fast"))
        .build();
  }

  /** The {@code list} dictionary: up to {@code limit} Call-IDs. */
  public static BDict list(int limit) {
    return BDict.builder().put("command", "list").put("limit", Integer.toString(limit)).build();
  }

  /** The {@code command} of a request dictionary. */
  static String command(BDict dict) {
    return dict.get("command") instanceof BString s ? s.asString() : "";
  }

  /** The {@code ping} dictionary. */
  public static BDict ping() {
    return BDict.builder().put("command", "ping").build();
  }

  /**
   * The configured options of SDP from the party on {@code senderInterface} to the party on {@code
   * receiverInterface}: the defaults with the receiver's network's own, and {@code sdp-source-only}
   * for a sender on a network that accepts media from the SDP address only.
   */
  private BDict.Builder options(BDict.Builder b, String senderInterface, String receiverInterface) {
    NetworkMedia to = settings.network(receiverInterface);
    List<String> flags = union(settings.flags(), to.flags());
    if (settings.network(senderInterface).sdpSourceOnly()
        && !flags.contains(NgFlags.SDP_SOURCE_ONLY)) {
      flags = union(flags, List.of(NgFlags.SDP_SOURCE_ONLY));
    }
    if (!flags.isEmpty()) {
      b.putStrings("flags", flags);
    }
    List<String> replace = union(settings.replace(), to.replace());
    if (!replace.isEmpty()) {
      b.putStrings("replace", replace);
    }
    String ice = to.ice().isEmpty() ? settings.ice() : to.ice();
    if (!ice.isEmpty()) {
      b.put("ICE", ice);
    }
    List<String> rtcpMux = union(settings.rtcpMux(), to.rtcpMux());
    if (!rtcpMux.isEmpty()) {
      b.putStrings("rtcp-mux", rtcpMux);
    }
    if (to.mediaProtocol() != null) {
      b.put("transport-protocol", to.mediaProtocol());
    }
    return b.putStrings("supports", SUPPORTS);
  }

  /**
   * The entries of {@code a}, then those of {@code b} not in {@code a}; {@code a} itself when
   * {@code b} is empty.
   */
  private static List<String> union(List<String> a, List<String> b) {
    if (b.isEmpty()) {
      return a; // no network settings: the defaults as they are, nothing copied per request
    }
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

  private static void optional(BDict.Builder b, String key, String value) {
    if (value != null) {
      b.put(key, value);
    }
  }

  /**
   * The result of a reply: {@code ok} (with its {@code sdp}, if any) is accepted; {@code load
   * limit} and the two errors Kamailio fails over on (session limit, out of ports) mean the relay
   * cannot take the call, which the caller hears as 503 with a Retry-After; any other error is a
   * refusal (488).
   */
  public static MediaResult result(NgResponse reply) {
    String result = reply.result();
    if (result.equals("ok") || result.equals("pong")) {
      BValue sdp = reply.body().get("sdp");
      return new MediaResult.Sdp(sdp instanceof BString s ? s.asBytes() : new byte[0]);
    }
    String reason = reply.errorReason() != null ? reply.errorReason() : result;
    if (result.equals("load limit")
        || reason.equals(NgResponse.SESSION_LIMIT)
        || reason.equals(NgResponse.OUT_OF_PORTS)) {
      return new MediaResult.Unavailable(reason, RETRY_AFTER_SECONDS);
    }
    return new MediaResult.Rejected(reason);
  }
}
