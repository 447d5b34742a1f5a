package io.isthmus.media.control;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.List;

/** Builds NG request dictionaries the way Kamailio's rtpengine module fills them. */
final class Ng {
  private final BDict.Builder body = BDict.builder();

  private Ng(String command) {
    body.put("command", command);
  }

  static Ng offer(String callId, String fromTag, String sdp) {
    return new Ng("offer").put("call-id", callId).put("from-tag", fromTag).put("sdp", sdp);
  }

  static Ng answer(String callId, String fromTag, String toTag, String sdp) {
    return new Ng("answer")
        .put("call-id", callId)
        .put("from-tag", fromTag)
        .put("to-tag", toTag)
        .put("sdp", sdp);
  }

  static Ng command(String command) {
    return new Ng(command);
  }

  Ng put(String key, String value) {
    body.put(key, BString.of(value));
    return this;
  }

  Ng put(String key, long value) {
    body.put(key, value);
    return this;
  }

  Ng put(String key, BValue value) {
    body.put(key, value);
    return this;
  }

  Ng list(String key, String... values) {
    body.put(key, BList.ofStrings(List.of(values)));
    return this;
  }

  Ng direction(String from, String to) {
    return list("direction", from, to);
  }

  Ng flags(String... flags) {
    return list("flags", flags);
  }

  BDict build() {
    return body.build();
  }

  /** SDP text written with \n, sent with CRLF as SIP user agents do. */
  static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }
}
