package io.isthmus.media.control;

import io.isthmus.ng.NgCommand;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * NG requests per control client (proxy) and command, with the time spent on them and the error
 * replies: rtpengine's {@code controlstatistics}. Written from the loops that complete replies,
 * read from anywhere, hence adders in a concurrent map.
 */
final class ControlStats {
  /** The commands rtpengine 10.5 counts, in its order, with its short names. */
  static final List<NgCommand> COMMANDS =
      List.of(
          NgCommand.PING,
          NgCommand.OFFER,
          NgCommand.ANSWER,
          NgCommand.DELETE,
          NgCommand.QUERY,
          NgCommand.LIST,
          NgCommand.START_RECORDING,
          NgCommand.STOP_RECORDING,
          NgCommand.START_FORWARDING,
          NgCommand.STOP_FORWARDING,
          NgCommand.BLOCK_DTMF,
          NgCommand.UNBLOCK_DTMF,
          NgCommand.BLOCK_MEDIA,
          NgCommand.UNBLOCK_MEDIA,
          NgCommand.PLAY_MEDIA,
          NgCommand.STOP_MEDIA,
          NgCommand.PLAY_DTMF,
          NgCommand.STATISTICS,
          NgCommand.SILENCE_MEDIA,
          NgCommand.UNSILENCE_MEDIA,
          NgCommand.PUBLISH,
          NgCommand.SUBSCRIBE_REQUEST,
          NgCommand.SUBSCRIBE_ANSWER,
          NgCommand.UNSUBSCRIBE);

  static final List<String> SHORT_NAMES =
      List.of(
          "Ping",
          "Offer",
          "Answer",
          "Delete",
          "Query",
          "List",
          "StartRec",
          "StopRec",
          "StartFwd",
          "StopFwd",
          "BlkDTMF",
          "UnblkDTMF",
          "BlkMedia",
          "UnblkMedia",
          "PlayMedia",
          "StopMedia",
          "PlayDTMF",
          "Stats",
          "SlnMedia",
          "UnslnMedia",
          "Pub",
          "SubReq",
          "SubAns",
          "Unsub");

  /** One client's counters. */
  static final class Proxy {
    final LongAdder[] counts = new LongAdder[COMMANDS.size()];
    final LongAdder[] nanos = new LongAdder[COMMANDS.size()];
    final LongAdder errors = new LongAdder();

    Proxy() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
        nanos[i] = new LongAdder();
      }
    }
  }

  private final Map<String, Proxy> proxies = new ConcurrentHashMap<>();

  /** A request from {@code source} (null: in process) was answered after {@code nanos}. */
  void record(InetSocketAddress source, NgCommand command, long nanos, boolean error) {
    String key = source == null ? "127.0.0.1" : source.getAddress().getHostAddress();
    Proxy p = proxies.computeIfAbsent(key, k -> new Proxy());
    int i = COMMANDS.indexOf(command);
    if (i >= 0) {
      p.counts[i].increment();
      p.nanos[i].add(nanos);
    }
    if (error) {
      p.errors.increment();
    }
  }

  /** The clients seen so far, by address. */
  Map<String, Proxy> proxies() {
    return Map.copyOf(proxies);
  }
}
