package io.isthmus.proxy.core;

import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.OptionsSender;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.transaction.TransactionKind;
import io.isthmus.proxy.transaction.TransactionMetrics;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.proxy.transport.InboundHandler;
import io.isthmus.proxy.transport.LoopGroup;
import io.isthmus.proxy.transport.SipTransport;
import io.isthmus.proxy.transport.TransportConfig;
import io.isthmus.proxy.transport.TransportErrorListener;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: the SIP transport bound on every socket of the networks, one {@link ProxyCore}
 * per event loop (each with its transaction layer), sharing the dispatcher and the media control. A
 * message reaches the core of the loop that owns its Call-ID (the transport hands it over once);
 * everything else here runs on other threads (admin, probing) and reaches a core only through its
 * loop, with a deadline ({@link #ADMIN_DEADLINE}) so that an admin query never hangs on a busy or
 * stuck loop. What the application wiring does:
 *
 * <pre>{@code
 * LoopGroup loops = LoopGroup.start(cores, true);
 * Proxy proxy = Proxy.start(ProxyConfig.DEFAULTS, networks, loops, TransportConfig.DEFAULT,
 *                           dispatcher, mediaControl);
 * Prober prober = new Prober(health, proxy.optionsSender(), requests, clock, scheduler, probe);
 * ...
 * proxy.close(); // sockets; then loops.close(), mediaControl.close()
 * }</pre>
 */
public final class Proxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

  /**
   * How long an admin query waits for a loop's answer: long enough for a loop busy with a burst of
   * calls, short enough that {@code ctl} and /metrics answer (with an error) when a loop is stuck.
   */
  public static final Duration ADMIN_DEADLINE = Duration.ofSeconds(2);

  private final SipTransport transport;
  private final LoopGroup loops;
  private final ProxyCore[] cores;
  private final SipCounters counters;
  private final CallTrace trace;
  private EdgeSecurity security = EdgeSecurity.NONE;
  private final MediaControl media;

  private Proxy(
      SipTransport transport,
      LoopGroup loops,
      ProxyCore[] cores,
      SipCounters counters,
      CallTrace trace,
      MediaControl media) {
    this.media = media;
    this.transport = transport;
    this.loops = loops;
    this.cores = cores;
    this.counters = counters;
    this.trace = trace;
  }

  /** Binds the sockets and starts serving; blocks until bound (call it off the loops). */
  public static Proxy start(
      ProxyConfig config,
      Networks networks,
      LoopGroup loops,
      TransportConfig transportConfig,
      Dispatcher dispatcher,
      MediaControl media) {
    return start(config, networks, loops, transportConfig, dispatcher, media, EdgeSecurity.NONE);
  }

  /**
   * {@link #start(ProxyConfig, Networks, LoopGroup, TransportConfig, Dispatcher, MediaControl)}
   * with the edge's guards: TLS sockets, flood protection in the transport, signed Record-Routes,
   * dialog checks and digest authentication in the cores.
   */
  public static Proxy start(
      ProxyConfig config,
      Networks networks,
      LoopGroup loops,
      TransportConfig transportConfig,
      Dispatcher dispatcher,
      MediaControl media,
      EdgeSecurity security) {
    return start(
        config,
        networks,
        loops,
        transportConfig,
        dispatcher,
        media,
        security,
        DialogListener.NONE,
        List.of());
  }

  /**
   * {@link #start(ProxyConfig, Networks, LoopGroup, TransportConfig, Dispatcher, MediaControl,
   * EdgeSecurity)} for a proxy whose dialogs live on elsewhere (docs/ha.md): every answered dialog
   * is told to {@code dialogs}, and the dialogs of {@code restored} (read from Redis: this proxy's
   * before a restart, or another's it takes over) are carried on, each on its loop, before the
   * first message is read: pinned to their relay node, counted on their gateway, listed, and ended
   * by their BYE, terminate or expiry like any other.
   */
  public static Proxy start(
      ProxyConfig config,
      Networks networks,
      LoopGroup loops,
      TransportConfig transportConfig,
      Dispatcher dispatcher,
      MediaControl media,
      EdgeSecurity security,
      DialogListener dialogs,
      List<DialogReplica> restored) {
    SipCounters counters = new SipCounters();
    CallTrace trace = new CallTrace();
    ProxyCore[] cores = new ProxyCore[loops.size()];
    Dispatch dispatch = new Dispatch(loops, cores, counters, trace);
    SipTransport transport =
        SipTransport.start(
            networks,
            loops,
            transportConfig,
            dispatch,
            new TransportErrorListener() {
              @Override
              public void onTransportError(
                  SipMessage message, SocketSpec local, Destination destination, Throwable cause) {
                LOG.debug("send to {} failed: {}", destination, cause.toString());
              }

              @Override
              public void onUnreachable(
                  SocketSpec local, Destination destination, Throwable cause) {
                unreachable(loops, cores, destination, cause);
              }
            },
            security.tls(),
            security.flood());
    transport.watch(dispatcher::isGatewayAddress);
    LocalSockets sockets = LocalSockets.of(networks, transport::localAddress, security.routes());
    CoreTransport out = new CoreTransport(transport, sockets, counters, trace);
    ProxyConfig effective =
        config.withTransactions(
            config.transactions().withInviteNoResponse(dispatcher.noResponseTimeout()));
    for (int i = 0; i < cores.length; i++) {
      EventLoop loop = loops.loop(i);
      cores[i] =
          new ProxyCore(
              effective,
              sockets,
              dispatcher,
              media,
              new ExecutorScheduler(loop),
              loop,
              out,
              counters,
              security,
              dialogs);
    }
    int carried = restore(loops, cores, media, restored);
    if (!restored.isEmpty()) {
      LOG.info("{} of {} dialog(s) carried on from Redis", carried, restored.size());
    }
    dispatch.ready = true;
    Proxy p = new Proxy(transport, loops, cores, counters, trace, media);
    p.security = security;
    media.onRelayEnded(p::relayEnded);
    return p;
  }

  /** Pins each replica's media to its node, then restores it on its loop; returns how many. */
  private static int restore(
      LoopGroup loops, ProxyCore[] cores, MediaControl media, List<DialogReplica> restored) {
    if (restored.isEmpty()) {
      return 0;
    }
    long now = System.currentTimeMillis();
    List<Future<Boolean>> done = new ArrayList<>(restored.size());
    for (DialogReplica r : restored) {
      if (r.relayNode() != null) {
        media.pin(r.callId(), r.relayNode());
      }
      EventLoop loop = loops.loopFor(r.callId());
      ProxyCore core = cores[indexOf(loops, loop)];
      done.add(loop.submit(() -> core.restore(r, now)));
    }
    int n = 0;
    for (Future<Boolean> f : done) {
      try {
        if (f.get(ADMIN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
          n++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("a dialog was not carried on: {}", e.toString());
      }
    }
    return n;
  }

  private static int indexOf(LoopGroup loops, EventLoop loop) {
    for (int i = 0; i < loops.size(); i++) {
      if (loops.loop(i) == loop) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a loop of this group: " + loop);
  }

  /**
   * Starts ({@code on}) or stops draining the relay node {@code node} ({@code ctl relay drain}):
   * new calls avoid it, its calls keep it until they end.
   *
   * @return the calls on it now, or -1 when there is no such node
   */
  public int drainRelay(String node, boolean on) {
    return media.drain(node, on);
  }

  /**
   * A destination proved unreachable: each core fails its requests to it that have had no response
   * (on its own loop), so calls move on to the next gateway at once and probes count as failed.
   */
  private static void unreachable(
      LoopGroup loops, ProxyCore[] cores, Destination destination, Throwable cause) {
    LOG.debug("{} unreachable: {}", destination, cause.toString());
    for (int i = 0; i < cores.length; i++) {
      ProxyCore core = cores[i];
      if (core == null) {
        continue;
      }
      onLoop(loops.loop(i))
          .execute(
              () ->
                  core.layer()
                      .unreachable(
                          destination.address(), destination.transport().reliable(), cause));
    }
  }

  /** The relay ended a call's media by itself: the call ends on its own loop. */
  private void relayEnded(String callId, String reason) {
    EventLoop loop = loops.loopFor(callId);
    ProxyCore core = coreOf(loop);
    loop.execute(() -> core.relayEnded(callId, reason));
  }

  /** The external relay nodes and their state (empty with the relay in process). */
  public List<io.isthmus.proxy.media.NodeStatus> relayNodes() {
    return media.nodeStatus();
  }

  /** Calls ended because the relay ended their media (timeouts, lost sessions), over all loops. */
  public long relayEndedCalls() {
    long n = 0;
    for (long v : onEachLoop(ProxyCore::relayEndedTotal)) {
      n += v;
    }
    return n;
  }

  /**
   * Runs a continuation on {@code loop}: inline when the caller is already there (the in-process
   * relay's results), else through one hand-over (an NG reply read on another thread).
   */
  private static java.util.concurrent.Executor onLoop(EventLoop loop) {
    return task -> {
      if (loop.inEventLoop()) {
        task.run();
      } else {
        loop.execute(task);
      }
    };
  }

  /** Hands each message to the core of the loop it arrived on (the transport's owning loop). */
  private static final class Dispatch implements InboundHandler {
    private final LoopGroup loops;
    private final ProxyCore[] cores;
    private final SipCounters counters;
    private final CallTrace trace;
    volatile boolean ready;

    Dispatch(LoopGroup loops, ProxyCore[] cores, SipCounters counters, CallTrace trace) {
      this.loops = loops;
      this.cores = cores;
      this.counters = counters;
      this.trace = trace;
    }

    private ProxyCore current() {
      int i = loops.currentIndex();
      return ready && i >= 0 ? cores[i] : null;
    }

    @Override
    public void onRequest(SipRequest request, Flow flow) {
      counters.requestReceived(request.method());
      if (trace.active()) {
        trace.message("in from", flow.remote(), request);
      }
      ProxyCore core = current();
      if (core != null) {
        core.receive(request, flow);
      } else {
        counters.dropped(SipCounters.Drop.NOT_READY);
      }
    }

    @Override
    public void onResponse(SipResponse response, Flow flow) {
      counters.responseReceived(response.status());
      if (trace.active()) {
        trace.message("in from", flow.remote(), response);
      }
      ProxyCore core = current();
      if (core != null) {
        core.receive(response, flow);
      } else {
        counters.dropped(SipCounters.Drop.NOT_READY);
      }
    }
  }

  /** The edge's guards this proxy runs with (TLS, authentication, flood, dialog checks). */
  public EdgeSecurity security() {
    return security;
  }

  /** Keepalive OPTIONS over the transaction layer of the loop owning each probe's Call-ID. */
  public OptionsSender optionsSender() {
    return (Gateway gateway, SipRequest options) -> {
      CompletableFuture<Integer> result = new CompletableFuture<>();
      EventLoop loop;
      try {
        loop = loops.loopFor(options.callId());
      } catch (SipParseException e) {
        return CompletableFuture.failedFuture(e);
      }
      ProxyCore core = coreOf(loop);
      loop.execute(
          () ->
              ProbeSender.send(core, gateway, options)
                  .whenComplete(
                      (s, e) -> {
                        if (e != null) {
                          result.completeExceptionally(e);
                        } else {
                          result.complete(s);
                        }
                      }));
      return result;
    };
  }

  private ProxyCore coreOf(EventLoop loop) {
    for (int i = 0; i < cores.length; i++) {
      if (loops.loop(i) == loop) {
        return cores[i];
      }
    }
    throw new IllegalArgumentException("not a loop of this proxy: " + loop);
  }

  /** The transport (bound addresses, counters, readiness). */
  public SipTransport transport() {
    return transport;
  }

  /** SIP requests and responses received and sent, by method and status; drops by cause. */
  public SipCounters counters() {
    return counters;
  }

  /** The per-call debug trace switches. */
  public CallTrace trace() {
    return trace;
  }

  /** Calls in progress (setting up or answered) over all loops, each read on its loop. */
  public List<ProxyCall> calls() {
    List<ProxyCall> all = new ArrayList<>();
    for (List<ProxyCall> part : onEachLoop(ProxyCore::calls)) {
      all.addAll(part);
    }
    return all;
  }

  /** Call setup times since start, over all loops (INVITE received to first 2xx or failure). */
  public SetupTimes setupTimes() {
    SetupTimes total = new SetupTimes();
    for (SetupTimes t : onEachLoop(ProxyCore::setupTimes)) {
      total.add(t);
    }
    return total;
  }

  /** Calls started and answered since start, over all loops: {started, answered}. */
  public long[] callTotals() {
    long[] total = new long[2];
    for (long[] t : onEachLoop(ProxyCore::callTotals)) {
      total[0] += t[0];
      total[1] += t[1];
    }
    return total;
  }

  /**
   * Transactions of each kind created and terminated since start, over all loops: per kind
   * (ordinal), {created, terminated}.
   */
  public long[][] transactionTotals() {
    int n = TransactionKind.values().length;
    long[][] total = new long[n][2];
    for (long[][] t : onEachLoop(Proxy::transactionTotals)) {
      for (int k = 0; k < n; k++) {
        total[k][0] += t[k][0];
        total[k][1] += t[k][1];
      }
    }
    return total;
  }

  /** One transaction counter (timeouts, transport errors, ...) summed over the loops. */
  public long transactionCounter(java.util.function.ToLongFunction<TransactionMetrics> counter) {
    long total = 0;
    for (long v : onEachLoop(c -> counter.applyAsLong(c.layer().metrics()))) {
      total += v;
    }
    return total;
  }

  private static long[][] transactionTotals(ProxyCore core) {
    TransactionMetrics m = core.layer().metrics();
    long[][] r = new long[TransactionKind.values().length][2];
    for (TransactionKind kind : TransactionKind.values()) {
      r[kind.ordinal()][0] = m.created(kind);
      r[kind.ordinal()][1] = m.terminated(kind);
    }
    return r;
  }

  /** Ends a call by hand on the loop owning it ({@link ProxyCore#terminate}). */
  public String terminate(String callId) {
    EventLoop loop = loops.loopFor(callId);
    ProxyCore core = coreOf(loop);
    return await(loop.submit(() -> core.terminate(callId)), loop);
  }

  /** Calls being set up, over all loops (read on each loop). */
  public int activeCalls() {
    return sum(ProxyCore::activeCalls);
  }

  /** Answered calls over all loops, until their BYE or session expiry (read on each loop). */
  public int answeredCalls() {
    return sum(ProxyCore::answeredCalls);
  }

  /** Transactions alive over all loops, server plus client. */
  public int transactions() {
    return sum(c -> c.layer().serverTransactionCount() + c.layer().clientTransactionCount());
  }

  /**
   * Every per-call table of every loop, summed by name (calls, answered calls, branch owners,
   * transactions, call events): what a leak test expects back at its initial size.
   */
  public java.util.Map<String, Integer> tableSizes() {
    java.util.Map<String, Integer> total = new java.util.TreeMap<>();
    for (java.util.Map<String, Integer> part : onEachLoop(ProxyCore::tableSizes)) {
      part.forEach((k, v) -> total.merge(k, v, Integer::sum));
    }
    return total;
  }

  private int sum(java.util.function.ToIntFunction<ProxyCore> f) {
    int total = 0;
    for (int v : onEachLoop(f::applyAsInt)) {
      total += v;
    }
    return total;
  }

  /** Runs {@code read} on each core's own loop; waits for each at most the admin deadline. */
  private <T> List<T> onEachLoop(Function<ProxyCore, T> read) {
    List<T> out = new ArrayList<>(cores.length);
    for (int i = 0; i < cores.length; i++) {
      ProxyCore core = cores[i];
      EventLoop loop = loops.loop(i);
      out.add(await(loop.submit(() -> read.apply(core)), loop));
    }
    return out;
  }

  private static <T> T await(Future<T> f, EventLoop loop) {
    if (loop.inEventLoop()) {
      throw new IllegalStateException("an admin query must not run on an event loop");
    }
    try {
      return f.get(ADMIN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(ex.getCause());
    } catch (TimeoutException ex) {
      f.cancel(false);
      throw new IllegalStateException(
          "event loop " + loop + " did not answer within " + ADMIN_DEADLINE.toMillis() + " ms");
    }
  }

  /** Closes the sockets; the loops and the media control are the caller's. */
  @Override
  public void close() {
    transport.close();
  }
}
