package io.isthmus.proxy.core;

import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.OptionsSender;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.transaction.TransactionKind;
import io.isthmus.proxy.transaction.TransactionMetrics;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.proxy.transport.InboundHandler;
import io.isthmus.proxy.transport.LoopGroup;
import io.isthmus.proxy.transport.SipTransport;
import io.isthmus.proxy.transport.TransportConfig;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The running proxy: the SIP transport bound on every socket of the networks, one {@link ProxyCore}
 * per event loop (each with its transaction layer), sharing the dispatcher and the media control.
 * What the application wiring does:
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
  private final SipTransport transport;
  private final LoopGroup loops;
  private final Map<EventLoop, ProxyCore> cores;
  private final TransportBridge bridge;
  private final SipCounters counters;
  private final CallTrace trace;

  private Proxy(
      SipTransport transport,
      LoopGroup loops,
      Map<EventLoop, ProxyCore> cores,
      TransportBridge bridge,
      SipCounters counters,
      CallTrace trace) {
    this.transport = transport;
    this.loops = loops;
    this.cores = cores;
    this.bridge = bridge;
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
    SipCounters counters = new SipCounters();
    CallTrace trace = new CallTrace();
    TransportBridge bridge = new TransportBridge(counters, trace);
    Map<EventLoop, ProxyCore> cores = new IdentityHashMap<>();
    Dispatch dispatch = new Dispatch(cores, counters, trace);
    SipTransport transport = SipTransport.start(networks, loops, transportConfig, dispatch, bridge);
    LocalSockets sockets = LocalSockets.of(networks, transport::localAddress);
    bridge.attach(transport, sockets);
    ProxyConfig effective =
        config.withTransactions(
            config.transactions().withInviteNoResponse(dispatcher.noResponseTimeout()));
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.loop(i);
      cores.put(
          loop,
          new ProxyCore(
              effective,
              sockets,
              dispatcher,
              media,
              new ExecutorScheduler(loop),
              loop,
              bridge,
              bridge::forget));
    }
    dispatch.ready = true;
    return new Proxy(transport, loops, cores, bridge, counters, trace);
  }

  /** Hands each message to the core of the loop it arrived on (the transport's owning loop). */
  private static final class Dispatch implements InboundHandler {
    private final Map<EventLoop, ProxyCore> cores;
    private final SipCounters counters;
    private final CallTrace trace;
    volatile boolean ready;

    Dispatch(Map<EventLoop, ProxyCore> cores, SipCounters counters, CallTrace trace) {
      this.cores = cores;
      this.counters = counters;
      this.trace = trace;
    }

    private ProxyCore current() {
      if (!ready) {
        return null;
      }
      for (Map.Entry<EventLoop, ProxyCore> e : cores.entrySet()) {
        if (e.getKey().inEventLoop()) {
          return e.getValue();
        }
      }
      return null;
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
      }
    }
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
      loop.execute(
          () ->
              ProbeSender.send(cores.get(loop), gateway, options)
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

  /** The transport (bound addresses, counters, readiness). */
  public SipTransport transport() {
    return transport;
  }

  /** SIP requests and responses received and sent, by method and status. */
  public SipCounters counters() {
    return counters;
  }

  /** The per-call debug trace switches. */
  public CallTrace trace() {
    return trace;
  }

  /** Calls in progress (setting up or answered) over all loops, each read on its loop. */
  public java.util.List<ProxyCall> calls() {
    java.util.List<ProxyCall> all = new java.util.ArrayList<>();
    for (Map.Entry<EventLoop, ProxyCore> e : cores.entrySet()) {
      all.addAll(await(e.getKey().submit(() -> e.getValue().calls())));
    }
    return all;
  }

  /** Calls started and answered since start, over all loops: {started, answered}. */
  public long[] callTotals() {
    long[] total = new long[2];
    for (Map.Entry<EventLoop, ProxyCore> e : cores.entrySet()) {
      long[] t = await(e.getKey().submit(() -> e.getValue().callTotals()));
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
    for (Map.Entry<EventLoop, ProxyCore> e : cores.entrySet()) {
      long[][] t = await(e.getKey().submit(() -> transactionTotals(e.getValue())));
      for (int k = 0; k < n; k++) {
        total[k][0] += t[k][0];
        total[k][1] += t[k][1];
      }
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

  /** Ends a call by hand on the loop owning it ({@link ProxyCore#terminate}); blocks. */
  public String terminate(String callId) {
    EventLoop loop = loops.loopFor(callId);
    ProxyCore core = cores.get(loop);
    return await(loop.submit(() -> core.terminate(callId)));
  }

  private static <T> T await(java.util.concurrent.Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(ex.getCause());
    }
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

  private int sum(java.util.function.ToIntFunction<ProxyCore> f) {
    int total = 0;
    for (Map.Entry<EventLoop, ProxyCore> e : cores.entrySet()) {
      Callable<Integer> task = () -> f.applyAsInt(e.getValue());
      try {
        total += e.getKey().submit(task).get();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(ex);
      } catch (ExecutionException ex) {
        throw new IllegalStateException(ex.getCause());
      }
    }
    return total;
  }

  /** Closes the sockets; the loops and the media control are the caller's. */
  @Override
  public void close() {
    transport.close();
  }
}
