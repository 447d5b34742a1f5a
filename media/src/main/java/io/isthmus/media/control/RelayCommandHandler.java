package io.isthmus.media.control;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.common.time.Scheduler;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NG commands on the relay engine: what an {@link io.isthmus.ng.net.NgServer} (or the proxy, in
 * process) hands requests to. {@code offer}, {@code answer}, {@code delete} and {@code query} run
 * on the call's event loop ({@link MediaRelay#onCall}) and complete the reply there; {@code list}
 * and {@code statistics} read thread-safe totals. Nothing blocks the caller's thread.
 *
 * <pre>{@code
 * RelayCommandHandler relay = RelayCommandHandler.start(relayConfig, ControlConfig.defaults(),
 *     CallListener.none());
 * NgServer ng = NgServer.start(NgServerConfig.defaults(), relay);
 * ...
 * ng.close();
 * relay.close(); // every call deleted, every port returned
 * }</pre>
 *
 * Failures answer with rtpengine's {@code error-reason} ("Ran out of ports", "Unknown call-id",
 * "Failed to parse SDP", ...); what the relay ignores or cannot do comes back as a {@code warning}
 * on an {@code ok} reply.
 */
public final class RelayCommandHandler implements NgCommandHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayCommandHandler.class);

  /** rtpengine's default for {@code list}'s {@code limit}. */
  static final int DEFAULT_LIST_LIMIT = 32;

  private final MediaRelay relay;
  private final ConcurrentHashMap<String, CallControl> calls;
  private final RelayCounters counters;
  private final Wall wall;
  private final ScheduledExecutorService ownTimer;
  private final OfferCommand offer;
  private final AnswerCommand answer;
  private final DeleteCommand delete;

  private RelayCommandHandler(
      MediaRelay relay,
      ConcurrentHashMap<String, CallControl> calls,
      RelayCounters counters,
      ControlConfig config,
      Wall wall,
      Scheduler scheduler,
      ScheduledExecutorService ownTimer) {
    this.relay = relay;
    this.calls = calls;
    this.counters = counters;
    this.wall = wall;
    this.ownTimer = ownTimer;
    this.offer = new OfferCommand(relay, calls, wall);
    this.answer = new AnswerCommand(calls);
    this.delete = new DeleteCommand(relay, calls, scheduler, config.deleteDelay(), wall);
  }

  /**
   * Starts the relay engine and the command layer on the system clock.
   *
   * @param listener told about every call that ends (after the layer dropped it), e.g. for metrics
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig, ControlConfig config, CallListener listener) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("relay-delete-delay").unstarted(r));
    return start(
        relayConfig, config, Clock.system(), null, new ExecutorScheduler(timer), timer, listener);
  }

  /**
   * Starts with injected time (tests): {@code scheduler} runs the engine's timeout sweep and the
   * delayed deletions.
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig,
      ControlConfig config,
      Clock clock,
      Scheduler scheduler,
      CallListener listener) {
    return start(relayConfig, config, clock, scheduler, scheduler, null, listener);
  }

  private static RelayCommandHandler start(
      RelayConfig relayConfig,
      ControlConfig config,
      Clock clock,
      Scheduler sweep,
      Scheduler deletes,
      ScheduledExecutorService ownTimer,
      CallListener listener) {
    Objects.requireNonNull(listener, "listener");
    var calls = new ConcurrentHashMap<String, CallControl>();
    var counters = new RelayCounters(clock.nanos());
    MediaRelay relay =
        MediaRelay.start(relayConfig, clock, sweep, new CallEndListener(calls, counters, listener));
    Wall wall = new Wall(config.wallClock(), clock);
    return new RelayCommandHandler(relay, calls, counters, config, wall, deletes, ownTimer);
  }

  /** The engine (ports, interfaces, metrics). */
  public MediaRelay relay() {
    return relay;
  }

  /** Calls known to NG clients (including those waiting out a delete delay). */
  public int callCount() {
    return calls.size();
  }

  @Override
  public CompletionStage<NgResponse> handle(NgRequest req) {
    try {
      return switch (req.command()) {
        case PING -> CompletableFuture.completedFuture(NgResponse.pong());
        case OFFER -> {
          SessionDescription sdp = SdpFacts.parse(req.sdp().asBytes());
          yield answerOf(relay.onCall(req.callId(), call -> offer.run(call, req, sdp)), true);
        }
        case ANSWER -> {
          SessionDescription sdp = SdpFacts.parse(req.sdp().asBytes());
          yield existing(req, call -> answer.run(call, req, sdp), unknownCall());
        }
        case DELETE ->
            existing(req, call -> delete.run(call, req), () -> DeleteCommand.notFound(req));
        case QUERY -> existing(req, this::query, unknownCall());
        case LIST -> CompletableFuture.completedFuture(list(req));
        case STATISTICS ->
            CompletableFuture.completedFuture(counters.reply(calls.size(), wall.nanos()));
        default -> throw new NgException("Unsupported command '" + req.command().wireName() + "'");
      };
    } catch (NgException e) {
      return CompletableFuture.completedFuture(NgResponse.error(e.reason()));
    }
  }

  private NgResponse query(io.isthmus.media.relay.Call call) throws NgException {
    CallControl cc = calls.get(call.callId());
    if (cc == null) {
      throw new NgException(NgReasons.UNKNOWN_CALL);
    }
    return StatsReply.build(cc, call.stats(), wall).build();
  }

  /** A reply made when the call is not held. */
  @FunctionalInterface
  private interface Absent {
    NgResponse reply() throws NgException;
  }

  private static Absent unknownCall() {
    return () -> {
      throw new NgException(NgReasons.UNKNOWN_CALL);
    };
  }

  private CompletableFuture<NgResponse> existing(
      NgRequest req, io.isthmus.media.relay.CallTask<NgResponse> task, Absent absent) {
    CompletableFuture<NgResponse> f =
        relay
            .onExistingCall(req.callId(), task)
            .thenApply(
                (Optional<NgResponse> r) -> {
                  if (r.isPresent()) {
                    return r.get();
                  }
                  try {
                    return absent.reply();
                  } catch (NgException e) {
                    return NgResponse.error(e.reason());
                  }
                });
    return answerOf(f, false);
  }

  /** Turns a failed stage into rtpengine's error reply. */
  private CompletableFuture<NgResponse> answerOf(CompletableFuture<NgResponse> f, boolean offer) {
    return f.handle(
        (reply, failure) -> {
          if (failure == null) {
            return reply;
          }
          Throwable t =
              failure instanceof CompletionException && failure.getCause() != null
                  ? failure.getCause()
                  : failure;
          if (t instanceof NgException e) {
            if (offer && e.reason().equals(NgReasons.OUT_OF_PORTS)) {
              counters.rejected.increment();
            }
            return NgResponse.error(e.reason());
          }
          if (t instanceof PortsExhaustedException e) {
            return NgResponse.error(e.reason());
          }
          LOG.error("NG command failed", t);
          return NgResponse.error("Internal error");
        });
  }

  private NgResponse list(NgRequest req) throws NgException {
    long limit = DEFAULT_LIST_LIMIT;
    BValue v = req.body().get("limit");
    if (v instanceof BInteger i) {
      limit = i.value();
    } else if (v instanceof BString s && s.asString().matches("[0-9]{1,9}")) {
      limit = Long.parseLong(s.asString());
    } else if (v != null) {
      throw new NgException(
          "Invalid value for key \"limit\": expected an integer, got " + v.typeName());
    }
    List<String> ids = new ArrayList<>();
    for (String id : calls.keySet()) {
      if (ids.size() >= limit) {
        break;
      }
      ids.add(id);
    }
    return NgResponse.okBuilder().put("calls", BList.ofStrings(ids)).build();
  }

  /** Deletes every call (ports returned) and stops the engine. Not from a media event loop. */
  @Override
  public void close() {
    relay.close();
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
  }
}
