package io.isthmus.interop;

import io.isthmus.interop.Scenario.Compare;
import io.isthmus.interop.Scenario.Step;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.List;
import java.util.function.UnaryOperator;

/** A small builder for NG request dictionaries, so that scenarios read like the protocol. */
final class Requests {
  private final BDict.Builder body = BDict.builder();
  private Compare compare;
  private String raw;
  private List<String> media;

  private Requests(String command, Compare compare) {
    body.put("command", command);
    this.compare = compare;
  }

  static Requests command(String command) {
    Compare c =
        switch (command) {
          case "query", "delete", "list", "statistics" -> Compare.STRUCTURE;
          default -> Compare.FULL;
        };
    return new Requests(command, c);
  }

  /** A datagram whose payload is {@code payload} as it is (the summary shows it). */
  static Requests raw(String payload) {
    Requests r = new Requests("(raw) " + payload, Compare.FULL);
    r.raw = payload;
    return r;
  }

  /**
   * A media check: the flows of {@link MediaProbe} (e.g. {@code a>b}, {@code b>a:rtcp}, {@code
   * stun:a}), sent through the engine from the parties' SDP addresses; what arrives is compared.
   */
  static Requests media(String... flows) {
    Requests r = new Requests("(media) " + String.join(" ", flows), Compare.FULL);
    r.media = List.of(flows);
    return r;
  }

  static Requests offer(String callId, String fromTag, String sdp) {
    return command("offer").put("call-id", callId).put("from-tag", fromTag).sdp(sdp);
  }

  static Requests answer(String callId, String fromTag, String toTag, String sdp) {
    return command("answer")
        .put("call-id", callId)
        .put("from-tag", fromTag)
        .put("to-tag", toTag)
        .sdp(sdp);
  }

  static Requests delete(String callId, String fromTag) {
    return command("delete").put("call-id", callId).put("from-tag", fromTag);
  }

  static Requests query(String callId) {
    return command("query").put("call-id", callId);
  }

  Requests put(String key, String value) {
    body.put(key, value);
    return this;
  }

  Requests put(String key, BValue value) {
    body.put(key, value);
    return this;
  }

  Requests put(String key, long value) {
    body.put(key, value);
    return this;
  }

  /** The SDP with CRLF line ends, as SIP carries it. */
  Requests sdp(String sdp) {
    return put("sdp", Sdp.crlf(sdp));
  }

  Requests direction(String from, String to) {
    body.putStrings("direction", List.of(from, to));
    return this;
  }

  Requests flags(String... flags) {
    body.putStrings("flags", List.of(flags));
    return this;
  }

  Requests list(String key, String... values) {
    body.putStrings(key, List.of(values));
    return this;
  }

  /** {@code codec: {op: [codecs]}}. */
  Requests codec(String op, String... codecs) {
    return put("codec", BDict.builder().put(op, BList.ofStrings(List.of(codecs))).build());
  }

  /** Compares the reply only by its structure (or not at all). */
  Requests compare(Compare how) {
    this.compare = how;
    return this;
  }

  Step step() {
    return new Step(body.build(), compare, raw, media);
  }

  /** The string value of {@code key}, or null if absent or not a string. */
  static String string(BDict d, String key) {
    return d.get(key) instanceof BString s ? s.asString() : null;
  }

  /** A copy of {@code d} with each string value of {@code key} replaced. */
  static BDict mapString(BDict d, String key, UnaryOperator<String> f) {
    BDict.Builder b = BDict.builder();
    for (int i = 0; i < d.size(); i++) {
      BValue v = d.value(i);
      if (d.key(i).contentEquals(key) && v instanceof BString s) {
        v = BString.of(f.apply(s.asString()));
      }
      b.put(d.key(i), v);
    }
    return b.build();
  }
}
