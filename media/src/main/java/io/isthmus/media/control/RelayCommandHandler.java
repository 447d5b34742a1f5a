package io.isthmus.media.control;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.common.time.Scheduler;
import io.isthmus.media.net.DatagramTransport;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.CallTask;
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
import io.netty.channel.EventLoopGroup;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NG commands on the relay engine: what an {@link io.isthmus.ng.net.NgServer} (or the proxy, in
 * process) hands requests to. {@code offer}, {@code answer}, {@code delete} and {@code query} run
 * on the call's event loop ({@link MediaRelay#onCall}) and complete the reply there: called on that
 * loop (the proxy's in-process binding on a shared group) they run inline and the returned stage is
 * already complete; from another thread (the NG server) they are handed over once. {@code list} and
 * {@code statistics} read thread-safe totals. Nothing blocks the caller's thread.
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
 * "Failed to parse SDP", ...); an offer for a new call beyond a {@link LoadLimits limit} gets
 * rtpengine's answer ({@link LoadMonitor}); what the relay ignores or cannot do comes back as a
 * {@code warning} on an {@code ok} reply.
 */
public final class RelayCommandHandler implements NgCommandHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayCommandHandler.class);

  /** rtpengine's default for {@code list}'s {@code limit}. */
  static final int DEFAULT_LIST_LIMIT = 32;

  private final MediaRelay relay;
  private final RelayCounters counters;
  private final Wall wall;
  private final OfferCommand offer;
  private final AnswerCommand answer;
  private final DeleteCommand delete;
  private final LoadMonitor admission;
  private final RelayStatistics statistics;

  private RelayCommandHandler(
      MediaRelay relay,
      RelayCounters counters,
      ControlConfig config,
      Wall wall,
      LoadMonitor admission) {
    this.relay = relay;
    this.counters = counters;
    this.wall = wall;
    this.admission = admission;
    this.offer = new OfferCommand(relay, wall);
    this.answer = new AnswerCommand();
    this.delete = new DeleteCommand(relay, config.deleteDelay(), wall);
    this.statistics = new RelayStatistics(counters, relay);
  }

  /**
   * Starts the relay engine on its own event loops ({@code relayConfig.eventLoops()}) and the
   * command layer on the system clock: {@code isthmus relay}.
   *
   * @param listener told about every call that ends, e.g. for metrics (on the call's loop)
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig, ControlConfig config, CallListener listener) {
    return start(relayConfig, config, Clock.system(), null, listener);
  }

  /**
   * Starts on an event-loop group owned by the caller, on the system clock: {@code isthmus run},
   * where the proxy's loops carry the media too. A call's sockets and timers live on {@code
   * loops[floorMod(callId.hashCode(), n)]} of {@code group} (its loops in iteration order), so the
   * proxy's in-process NG command for a call, made on that loop, runs inline. {@link #close}
   * deletes every call and closes every socket but leaves the group running.
   *
   * @param epoll whether the group's loops are epoll loops (else NIO)
   * @throws IllegalArgumentException when the group's loops are not of that kind
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig,
      ControlConfig config,
      EventLoopGroup group,
      boolean epoll,
      CallListener listener) {
    return start(
        relayConfig, config, DatagramTransport.on(group, epoll), Clock.system(), null, listener);
  }

  /**
   * Starts on its own event loops with injected time (tests): {@code scheduler} runs the engine's
   * timeout sweep and the delayed deletions.
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig,
      ControlConfig config,
      Clock clock,
      Scheduler scheduler,
      CallListener listener) {
    return start(
        relayConfig,
        config,
        DatagramTransport.start(relayConfig.eventLoops(), relayConfig.preferEpoll()),
        clock,
        scheduler,
        listener);
  }

  /**
   * Starts on {@code transport} (its own loops, or {@link DatagramTransport#on a shared group});
   * the handler closes it.
   *
   * @param scheduler runs the timeout sweep and the delayed deletions; null = the event loops (a
   *     call's timers on its own loop)
   */
  public static RelayCommandHandler start(
      RelayConfig relayConfig,
      ControlConfig config,
      DatagramTransport transport,
      Clock clock,
      Scheduler scheduler,
      CallListener listener) {
    Objects.requireNonNull(listener, "listener");
    var counters = new RelayCounters(clock.nanos());
    MediaRelay relay =
        MediaRelay.start(
            relayConfig, transport, clock, scheduler, new CallEndListener(counters, listener));
    var admission =
        new LoadMonitor(
            config.limits(),
            config.loadSource(),
            relay,
            counters,
            clock,
            scheduler != null ? scheduler : new ExecutorScheduler(transport.loops().getFirst()));
    admission.start();
    return new RelayCommandHandler(
        relay, counters, config, new Wall(config.wallClock(), clock), admission);
  }

  /** The engine (ports, interfaces, metrics). */
  public MediaRelay relay() {
    return relay;
  }

  /** rtpengine's statistics list: NG {@code statistics}, CLI {@code list totals}, /metrics. */
  public StatsList statistics() {
    return statistics.gather(wall.nanos());
  }

  /** What rtpengine's CLI and HTTP listeners read and do (sessions, terminate, totals). */
  public RelayOperator operator() {
    return new RelayOperator(relay, counters, statistics, wall);
  }

  /** Calls known to NG clients (including those waiting out a delete delay). */
  public int callCount() {
    return relay.callCount();
  }

  @Override
  public CompletionStage<NgResponse> handle(NgRequest req) {
    long start = wall.nanos();
    return dispatch(req)
        .whenComplete(
            (reply, failure) ->
                counters.control.record(
                    req.source(),
                    req.command(),
                    wall.nanos() - start,
                    failure != null || reply == null || reply.result().equals("error")));
  }

  @Override
  public void pinged(NgRequest req) {
    counters.control.record(req.source(), req.command(), 0, false);
  }

  private CompletionStage<NgResponse> dispatch(NgRequest req) {
    try {
      return switch (req.command()) {
        case PING -> CompletableFuture.completedFuture(NgResponse.pong());
        case OFFER -> {
          NgResponse refused = relay.hasCall(req.callId()) ? null : admission.refuse(req);
          if (refused != null) {
            yield CompletableFuture.completedFuture(refused); // rtpengine's load limits
          }
          SessionDescription sdp = SdpFacts.parse(req.sdp().asBytes());
          yield answerOf(
              relay.onCall(req.callId(), call -> replicated(call, offer.run(call, req, sdp))),
              true);
        }
        case ANSWER -> {
          SessionDescription sdp = SdpFacts.parse(req.sdp().asBytes());
          yield existing(req, call -> replicated(call, answer.run(call, req, sdp)), unknownCall());
        }
        case DELETE ->
            existing(
                req,
                call -> replicated(call, delete.run(call, req)),
                () -> DeleteCommand.notFound(req));
        case QUERY -> existing(req, call -> query(call, req), unknownCall());
        case LIST -> CompletableFuture.completedFuture(list(req));
        case STATISTICS ->
            CompletableFuture.completedFuture(
                NgResponse.okBuilder().put("statistics", statistics().toNg()).build());
        default -> throw new NgException("Unsupported command '" + req.command().wireName() + "'");
      };
    } catch (NgException e) {
      return CompletableFuture.completedFuture(e.response());
    }
  }

  /** Tells replication (HA) that the command changed the call; a deleted call is not told. */
  private static NgResponse replicated(Call call, NgResponse reply) {
    call.replicate();
    return reply;
  }

  private NgResponse query(Call call, NgRequest req) {
    return StatsReply.build(call, call.stats(), wall, req.fromTag(), req.toTag()).build();
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
      NgRequest req, CallTask<NgResponse> task, Absent absent) {
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
                    return e.response();
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
            return e.response();
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
    if (limit < 0) {
      throw new NgException("invalid limit, must be >= 0"); // rtpengine's words
    }
    return NgResponse.okBuilder().put("calls", BList.ofStrings(relay.callIds(limit))).build();
  }

  /**
   * Deletes every call (ports returned) and stops the engine: its own event loops stop, a shared
   * group keeps running. Not from one of the relay's event loops.
   */
  @Override
  public void close() {
    admission.stop();
    relay.close();
  }
}
