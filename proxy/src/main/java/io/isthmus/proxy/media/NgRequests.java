package io.isthmus.proxy.media;

import io.isthmus.ng.NgFlags;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The NG dictionaries of the proxy's media commands, built in one place so that the UDP client and
 * the in-process binding send exactly the same requests, and the one mapping of replies to {@link
 * MediaResult}s.
 *
 * <pre>
 * offer:  command call-id from-tag [to-tag] [via-branch] sdp direction [received-from]
 *         flags replace [ICE] [rtcp-mux] supports
 * answer: command call-id from-tag to-tag [via-branch] sdp flags replace [ICE] [rtcp-mux] supports
 * (flags gain sdp-source-only when the sender's interface is in MediaSettings#sdpSourceOnly)
 * delete: command call-id from-tag [to-tag] [via-branch] flags=[fast]
 * ping:   command
 * </pre>
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
    return options(b, o.direction().getFirst()).build();
  }

  /** The {@code answer} dictionary. */
  public BDict answer(MediaAnswer a) {
    BDict.Builder b = BDict.builder().put("command", "answer").put("call-id", a.callId());
    b.put("from-tag", a.fromTag()).put("to-tag", a.toTag());
    optional(b, "via-branch", a.viaBranch());
    b.put("sdp", a.sdp());
    return options(b, a.senderInterface()).build();
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

  /** The configured options; the per-network flags of the sender on {@code senderInterface}. */
  private BDict.Builder options(BDict.Builder b, String senderInterface) {
    if (senderInterface != null && settings.sdpSourceOnly().contains(senderInterface)) {
      List<String> flags = new java.util.ArrayList<>(settings.flags());
      flags.add(NgFlags.SDP_SOURCE_ONLY);
      b.putStrings("flags", flags);
    } else if (!settings.flags().isEmpty()) {
      b.putStrings("flags", settings.flags());
    }
    if (!settings.replace().isEmpty()) {
      b.putStrings("replace", settings.replace());
    }
    if (!settings.ice().isEmpty()) {
      b.put("ICE", settings.ice());
    }
    if (!settings.rtcpMux().isEmpty()) {
      b.putStrings("rtcp-mux", settings.rtcpMux());
    }
    return b.putStrings("supports", SUPPORTS);
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
