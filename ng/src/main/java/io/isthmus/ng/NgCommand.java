package io.isthmus.ng;

import io.isthmus.ng.bencode.BString;

/**
 * The values of the {@code command} key that rtpengine (mr13.5) accepts, with the keys each one
 * cannot do without. Names are matched exactly, as rtpengine does.
 */
public enum NgCommand {
  PING("ping", Needs.NOTHING),
  OFFER("offer", Needs.SDP_CALL_FROM),
  ANSWER("answer", Needs.SDP_CALL_FROM_TO),
  DELETE("delete", Needs.CALL_ID),
  QUERY("query", Needs.CALL_ID),
  LIST("list", Needs.NOTHING),
  START_RECORDING("start recording", Needs.CALL_ID),
  STOP_RECORDING("stop recording", Needs.CALL_ID),
  PAUSE_RECORDING("pause recording", Needs.CALL_ID),
  BLOCK_DTMF("block DTMF", Needs.CALL_ID),
  UNBLOCK_DTMF("unblock DTMF", Needs.CALL_ID),
  BLOCK_MEDIA("block media", Needs.CALL_ID),
  UNBLOCK_MEDIA("unblock media", Needs.CALL_ID),
  SILENCE_MEDIA("silence media", Needs.CALL_ID),
  UNSILENCE_MEDIA("unsilence media", Needs.CALL_ID),
  START_FORWARDING("start forwarding", Needs.CALL_ID),
  STOP_FORWARDING("stop forwarding", Needs.CALL_ID),
  PLAY_MEDIA("play media", Needs.CALL_ID),
  STOP_MEDIA("stop media", Needs.CALL_ID),
  PLAY_DTMF("play DTMF", Needs.CALL_ID),
  STATISTICS("statistics", Needs.NOTHING),
  PUBLISH("publish", Needs.SDP_CALL_FROM),
  SUBSCRIBE_REQUEST("subscribe request", Needs.CALL_ID),
  SUBSCRIBE_ANSWER("subscribe answer", Needs.SDP_CALL_FROM_TO),
  UNSUBSCRIBE("unsubscribe", Needs.CALL_ID),
  CONNECT("connect", Needs.CALL_FROM_TO),
  CLI("cli", Needs.NOTHING),
  TRANSFORM("transform", Needs.NOTHING);

  /** The keys a command requires, checked in rtpengine's order: sdp, call-id, from-tag, to-tag. */
  enum Needs {
    NOTHING(false, false, false, false),
    CALL_ID(false, true, false, false),
    CALL_FROM_TO(false, true, true, true),
    SDP_CALL_FROM(true, true, true, false),
    SDP_CALL_FROM_TO(true, true, true, true);

    final boolean sdp;
    final boolean callId;
    final boolean fromTag;
    final boolean toTag;

    Needs(boolean sdp, boolean callId, boolean fromTag, boolean toTag) {
      this.sdp = sdp;
      this.callId = callId;
      this.fromTag = fromTag;
      this.toTag = toTag;
    }
  }

  private static final NgCommand[] ALL = values();

  private final String wireName;
  final Needs needs;

  NgCommand(String wireName, Needs needs) {
    this.wireName = wireName;
    this.needs = needs;
  }

  /** The command as written in the {@code command} key. */
  public String wireName() {
    return wireName;
  }

  /** The command named {@code name} (exact match), or null; allocates nothing. */
  public static NgCommand lookup(BString name) {
    for (NgCommand c : ALL) {
      if (name.contentEquals(c.wireName)) {
        return c;
      }
    }
    // rtpengine also accepts the CLI command in upper case.
    return name.contentEquals("CLI") ? CLI : null;
  }
}
