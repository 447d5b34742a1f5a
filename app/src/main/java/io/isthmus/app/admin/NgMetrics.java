package io.isthmus.app.admin;

import io.isthmus.common.time.Clock;
import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.proxy.core.CallTrace;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * NG commands by command and result, with their latency: wraps the relay's command handler (in
 * process, and behind the NG socket) or the proxy's NG senders (external relays). One count per
 * command, never per packet. Commands of a traced call are logged through the {@link CallTrace}.
 */
public final class NgMetrics {
  /** Result label of a reply with {@code result: ok} (or pong). */
  public static final String OK = "ok";

  /** Result label of an error reply, a failed stage or a timeout. */
  public static final String ERROR = "error";

  /** Counts and latency of one command. */
  record Stat(LongAdder ok, LongAdder error, LongAdder nanos) {
    Stat() {
      this(new LongAdder(), new LongAdder(), new LongAdder());
    }
  }

  /** A snapshot of one command's counters. */
  public record CommandStat(String command, long ok, long error, double seconds) {
    public long count() {
      return ok + error;
    }
  }

  private final Clock clock;
  private final ConcurrentHashMap<String, Stat> stats = new ConcurrentHashMap<>();
  private volatile CallTrace trace = new CallTrace();

  public NgMetrics(Clock clock) {
    this.clock = clock;
  }

  /** Logs the commands of calls traced in {@code trace} (the proxy's, once it runs). */
  public void traceWith(CallTrace trace) {
    this.trace = trace;
  }

  /** {@code handler}, counted. */
  public NgCommandHandler wrapHandler(NgCommandHandler handler) {
    return request ->
        timed(request.command().wireName(), request.callId(), () -> handler.handle(request));
  }

  /** An NG sender (dictionary to reply), counted. */
  public Function<BDict, CompletionStage<NgResponse>> wrapSender(
      Function<BDict, CompletionStage<NgResponse>> sender) {
    return dict ->
        timed(text(dict.get("command")), text(dict.get("call-id")), () -> sender.apply(dict));
  }

  private CompletionStage<NgResponse> timed(
      String command, String callId, Supplier<CompletionStage<NgResponse>> call) {
    long start = clock.nanos();
    Stat stat = stats.computeIfAbsent(command == null ? "unknown" : command, c -> new Stat());
    CompletionStage<NgResponse> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      stat.error.increment();
      throw e;
    }
    return stage.whenComplete(
        (reply, failure) -> {
          stat.nanos.add(clock.nanos() - start);
          boolean ok = failure == null && reply.isSuccess();
          (ok ? stat.ok : stat.error).increment();
          if (callId != null) {
            trace.note(
                callId,
                "NG "
                    + command
                    + " -> "
                    + (failure != null ? "failed: " + failure : reply.toString()));
          }
        });
  }

  private static String text(BValue v) {
    return v instanceof BString s ? s.asString() : null;
  }

  /** Every command seen, by name. */
  public Map<String, CommandStat> snapshot() {
    Map<String, CommandStat> out = new TreeMap<>();
    stats.forEach(
        (c, s) ->
            out.put(
                c, new CommandStat(c, s.ok.sum(), s.error.sum(), s.nanos.sum() / 1_000_000_000.0)));
    return out;
  }

  /** Commands handled, all results. */
  public long total() {
    long n = 0;
    for (Stat s : stats.values()) {
      n += s.ok.sum() + s.error.sum();
    }
    return n;
  }
}
