package io.isthmus.app.wiring;

import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.common.time.Clock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortPool;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.proxy.core.ProxyCall;
import io.isthmus.proxy.transport.LoopGroup;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up warm-up of {@code isthmus run}: real calls through the real code before {@code
 * /health} says ready. A private {@link WarmUpProxy} on the real proxy's event loops, a {@link
 * WarmUpCaller} and a {@link WarmUpGateway} on loopback ports of their own, and the real in-process
 * relay: each call is INVITE (audio + video SDP), 100/180/200, ACK, RTP both ways through the relay
 * ports, BYE/200, through the transport, the transaction layer, the proxy core, the dispatcher, the
 * media control and the relay's offer/answer/delete. Calls run {@link Plan#parallel} at a time
 * until the setup time has settled and the JIT is quiet ({@link WarmUpSettling}), or a cap.
 *
 * <p>Its Call-IDs start with {@link #CALL_ID_PREFIX}, which no phone generates: they stay out of
 * the relay totals and the call log. Nothing stays behind: the calls end, whatever the proxy or the
 * relay still holds of them is ended, the run fails if a relay session remains, the sockets close,
 * and the warm-up proxy's transactions end on their (short) timers soon after ({@link
 * Result#drained}).
 *
 * <p>{@code isthmus proxy} has no relay in process; there the {@link SyntheticWarmUp} runs instead.
 */
public final class WarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

  /** Prefix of every warm-up Call-ID: never collides with a real call, filtered from metrics. */
  public static final String CALL_ID_PREFIX = "isthmus-warmup-";

  /** The caller's and the gateway's addresses: loopback, apart from the reference scenario's. */
  static final InetAddress CALLER_ADDRESS = InetAddress.ofLiteral("127.0.0.1");

  static final InetAddress GATEWAY_ADDRESS = InetAddress.ofLiteral("127.0.0.2");

  /** How long the warm-up proxy's transactions may take to end (Timer D is 32 s at least). */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(40);

  /**
   * How much to run.
   *
   * @param parallel calls in flight at a time
   * @param roundSize calls per round (the unit the setup time is compared in)
   * @param minCalls answered calls before it may settle
   * @param maxCalls calls placed at most
   * @param limit the time after which it stops, settled or not
   */
  public record Plan(int parallel, int roundSize, int minCalls, int maxCalls, Duration limit) {
    /**
     * The default. 32 in flight keep both loops of a 2-core host busy without queueing for long;
     * 4,000 calls are some 30,000 SIP messages, past C2's thresholds for every per-message method;
     * rounds of 250 calls take 50-100 ms once warm. The 30 s cap bounds a slow or loaded host; 10 s
     * cut a loaded host's warm-up short with the JIT still busy (docs/operations.md).
     */
    public static final Plan DEFAULT = new Plan(32, 250, 4_000, 60_000, Duration.ofSeconds(30));

    public Plan {
      if (parallel < 1 || roundSize < 1 || minCalls < 0 || maxCalls < 1) {
        throw new IllegalArgumentException("warm-up plan: parallel, roundSize, maxCalls >= 1");
      }
      Objects.requireNonNull(limit, "limit");
    }
  }

  /** What the warm-up runs against: the product's config, its loops and its in-process relay. */
  public record Target(IsthmusConfig config, LoopGroup loops, RelayCommandHandler relay) {}

  /** Why the warm-up stopped. */
  public enum Stop {
    /** Setup time steady and the JIT quiet. */
    SETTLED,
    /** {@link Plan#maxCalls} placed. */
    CALL_CAP,
    /** {@link Plan#limit} reached. */
    TIME_CAP,
    /** No relay in process ({@code isthmus proxy}): the synthetic warm-up ran. */
    NO_RELAY
  }

  /**
   * The warm-up proxy after its last transaction ended.
   *
   * @param transactionTotals per {@link io.isthmus.proxy.transaction.TransactionKind} ordinal,
   *     {created, terminated}
   * @param sockets every address the warm-up had bound (all closed now)
   */
  public record Drained(long[][] transactionTotals, List<InetSocketAddress> sockets) {}

  /**
   * What ran.
   *
   * @param calls calls placed
   * @param answered calls answered and hung up
   * @param failed calls failed or timed out
   * @param rtpEchoed RTP packets that came back to the caller through the relay
   * @param roundMedians median setup time (INVITE to 200) of each round, in order
   * @param stop why it stopped
   * @param took wall time until the calls were over and cleaned up
   * @param drained completes when the warm-up proxy's transactions have all ended
   */
  public record Result(
      int calls,
      int answered,
      int failed,
      long rtpEchoed,
      List<Duration> roundMedians,
      Stop stop,
      Duration took,
      CompletableFuture<Drained> drained) {}

  /** The warm-up step the product runs at start; tests inject their own. */
  @FunctionalInterface
  public interface Step {
    Result run(Target target) throws Exception;

    /** {@link Plan#DEFAULT} on the system clock. */
    static Step defaults() {
      return target -> new WarmUp(Plan.DEFAULT, target, Clock.system()).run();
    }
  }

  private final Plan plan;
  private final Target target;
  private final Clock clock;

  public WarmUp(Plan plan, Target target, Clock clock) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the calls, then cleans up.
   *
   * @throws IllegalStateException when warm-up sessions remain in the relay afterwards (a bug:
   *     readiness must not hide it)
   */
  public Result run() throws Exception {
    long start = clock.nanos();
    List<LogicalInterface> media =
        target.relay() == null ? List.of() : WarmUpProxy.mediaOf(target.config());
    if (media.size() < 2) {
      SyntheticWarmUp.Result r = new SyntheticWarmUp(SyntheticWarmUp.Plan.DEFAULT, clock).run();
      LOG.info(SyntheticWarmUp.describe(r));
      return new Result(
          0,
          0,
          0,
          0,
          List.of(),
          Stop.NO_RELAY,
          r.took(),
          CompletableFuture.completedFuture(new Drained(new long[0][], List.of())));
    }
    WarmUpLogFilter filter = WarmUpLogFilter.install();
    List<Duration> medians = new ArrayList<>();
    List<InetSocketAddress> sockets = new ArrayList<>();
    WarmUpGateway gateway = null;
    WarmUpCaller caller = null;
    WarmUpProxy proxy = null;
    Stop stop;
    try {
      gateway = WarmUpGateway.start(GATEWAY_ADDRESS);
      caller =
          WarmUpCaller.bind(
              CALLER_ADDRESS, CALL_ID_PREFIX, parallel(media), plan.roundSize(), clock);
      sockets.add(caller.sipAddress());
      sockets.add(gateway.sipAddress());
      proxy =
          WarmUpProxy.start(
              target.config(),
              target.loops(),
              target.relay(),
              media,
              caller.sipAddress(),
              gateway.sipAddress());
      sockets.add(proxy.callerSide());
      sockets.add(proxy.gatewaySide());
      caller.start(proxy.callerSide());
      stop = drive(caller, start, medians);
      caller.stopPlacing();
      awaitIdle(caller);
    } finally {
      // The agents first: nothing new reaches the warm-up proxy while its leftovers are ended.
      if (caller != null) {
        caller.close();
      }
      if (gateway != null) {
        gateway.close();
      }
      if (proxy != null) {
        endLeftovers(proxy);
        proxy.close();
      }
    }
    List<String> left = warmUpSessions();
    if (!left.isEmpty()) {
      if (filter != null) {
        filter.remove();
      }
      throw new IllegalStateException("warm-up sessions left in the relay: " + left);
    }
    CompletableFuture<Drained> drained = drain(proxy, sockets, filter);
    return new Result(
        caller.placed(),
        caller.completed(),
        caller.failed() + caller.inFlight(),
        caller.echoesReceived(),
        List.copyOf(medians),
        stop,
        Duration.ofNanos(clock.nanos() - start),
        drained);
  }

  /**
   * {@link Plan#parallel}, or fewer when the relay's port range is small: a call holds two port
   * pairs (audio and video) on each interface, and the warm-up takes at most a quarter of the free
   * pairs, so real calls arriving meanwhile still find ports.
   */
  private int parallel(List<LogicalInterface> media) {
    int parallel = plan.parallel();
    for (LogicalInterface i : media) {
      PortPool pool = target.relay().relay().portPool(i);
      parallel = Math.min(parallel, (pool.pairCount() - pool.usedPairs()) / 4 / 2);
    }
    return Math.max(1, parallel);
  }

  private Stop drive(WarmUpCaller caller, long start, List<Duration> medians)
      throws InterruptedException {
    long deadline = start + plan.limit().toNanos();
    WarmUpSettling settling = new WarmUpSettling(plan.minCalls(), start);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    while (true) {
      long left = deadline - clock.nanos();
      WarmUpCaller.Round r = left > 0 ? caller.nextRound(left) : null;
      if (r == null) {
        return Stop.TIME_CAP;
      }
      medians.add(Duration.ofNanos(r.medianSetupNanos()));
      settling.add(r, timed ? jit.getTotalCompilationTime() : -1);
      if (settling.settled(caller.completed())) {
        return Stop.SETTLED;
      }
      if (caller.placed() >= plan.maxCalls()) {
        return Stop.CALL_CAP;
      }
    }
  }

  /** Waits until the calls in flight are over (each has its own deadline). */
  private void awaitIdle(WarmUpCaller caller) throws InterruptedException {
    long deadline = clock.nanos() + WarmUpCaller.CALL_TIMEOUT_NANOS + 1_000_000_000L;
    while (caller.inFlight() > 0 && clock.nanos() - deadline < 0) {
      Thread.sleep(5);
    }
  }

  /** Ends what the warm-up proxy and the relay still hold of calls that failed or timed out. */
  private void endLeftovers(WarmUpProxy proxy) throws Exception {
    for (ProxyCall call : proxy.proxy().calls()) {
      LOG.warn("warm-up call {} still in the warm-up proxy: {}", call.callId(), call.state());
      proxy.proxy().terminate(call.callId());
    }
    for (String id : warmUpSessions()) {
      BDict delete =
          BDict.builder()
              .put("command", "delete")
              .put("call-id", id)
              .put("delete-delay", 0)
              .putStrings("flags", List.of("fast"))
              .build();
      target.relay().handle(NgRequest.of(delete)).toCompletableFuture().get(2, TimeUnit.SECONDS);
    }
  }

  private List<String> warmUpSessions() {
    return target.relay().relay().callIds().stream()
        .filter(id -> id.startsWith(CALL_ID_PREFIX))
        .toList();
  }

  /** Polls the warm-up proxy's transactions off the loops until none is left, then reports. */
  private CompletableFuture<Drained> drain(
      WarmUpProxy proxy, List<InetSocketAddress> sockets, WarmUpLogFilter filter) {
    CompletableFuture<Drained> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("isthmus-warmup-drain")
        .start(
            () -> {
              long deadline = clock.nanos() + DRAIN_LIMIT.toNanos();
              try {
                while (proxy.proxy().transactions() > 0) {
                  if (clock.nanos() - deadline > 0) {
                    throw new IllegalStateException(
                        proxy.proxy().transactions() + " warm-up transactions still alive");
                  }
                  Thread.sleep(20);
                }
                done.complete(new Drained(proxy.proxy().transactionTotals(), List.copyOf(sockets)));
              } catch (Exception | Error e) {
                LOG.warn("warm-up: {}", e.toString());
                done.completeExceptionally(e);
              } finally {
                if (filter != null) {
                  filter.remove();
                }
              }
            });
    return done;
  }

  /** For the log line. */
  static String describe(Result r) {
    if (r.stop() == Stop.NO_RELAY) {
      return "warm-up: no relay in process, synthetic messages only";
    }
    List<Duration> m = r.roundMedians();
    return String.format(
        "warm-up: %d calls through the proxy and relay (%d failed), %d RTP packets echoed, median"
            + " setup %s ms in the first round, %s ms in the last, %d ms in all (%s)",
        r.calls(),
        r.failed(),
        r.rtpEchoed(),
        m.isEmpty() ? "-" : millis(m.getFirst()),
        m.isEmpty() ? "-" : millis(m.getLast()),
        r.took().toMillis(),
        r.stop().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  private static String millis(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.2f", d.toNanos() / 1e6);
  }
}
