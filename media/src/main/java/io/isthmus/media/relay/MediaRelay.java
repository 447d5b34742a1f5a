package io.isthmus.media.relay;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.common.time.Scheduler;
import io.isthmus.media.net.DatagramTransport;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortPool;
import io.isthmus.media.relay.stats.CallStats;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay engine: logical interfaces with their port pools, the media event loops, the table of
 * calls and the timeout sweeper. What the NG command layer drives.
 *
 * <p>Threading: a call is owned by one event loop, {@code loops[floorMod(callId.hashCode(), n)]}
 * ({@link DatagramTransport#loopFor}); {@link #onCall} and {@link #onExistingCall} run an action on
 * that loop, inline when called there (the future is then complete on return), else handed over
 * with one {@code execute}. Model objects ({@link Call}, {@link Monologue}, {@link MediaStream})
 * refuse use from other threads. The loops are the relay's own or a shared group ({@link
 * DatagramTransport#on}).
 *
 * <pre>{@code
 * relay.onCall(callId, call -> {
 *   MediaStream a = call.monologue(fromTag).addMedia("audio", relay.iface("public"));
 *   MediaStream b = call.monologue(toTag).addMedia("audio", relay.iface("private"));
 *   a.setExpectedPeer(offererAddress, offererPort, 0);
 *   MediaStream.pair(a, b);
 *   call.signalled();
 *   return b.localRtpPort(); // goes into the SDP sent to the answerer
 * });
 * }</pre>
 */
public final class MediaRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);

  private final RelayConfig config;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Scheduler injectedTimers;
  private final CallListener listener;
  private final DatagramTransport transport;
  private final Map<String, LogicalInterface> interfaces;
  private final Map<InetAddress, PortPool> pools;
  private final long learningWindowNanos;
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
  // UDP payload bytes accepted from the parties, all loops (rtpengine's bytes_user: max-bandwidth).
  private final LongAdder receivedBytes = new LongAdder();
  private volatile boolean closed;
  private volatile RtcpTap rtcpTap;
  private volatile RelayStateListener stateListener = RelayStateListener.NONE;
  private final TimeoutSweep sweep;

  private MediaRelay(
      RelayConfig config,
      Clock clock,
      Scheduler scheduler,
      CallListener listener,
      DatagramTransport transport) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.transport = transport;
    this.injectedTimers = scheduler;
    this.scheduler =
        scheduler != null ? scheduler : new ExecutorScheduler(transport.loops().getFirst());
    var ifaces = new HashMap<String, LogicalInterface>();
    var poolMap = new HashMap<InetAddress, PortPool>();
    for (LogicalInterface i : config.interfaces()) {
      ifaces.put(i.name(), i);
      // Interfaces sharing a local address share its port space.
      poolMap.computeIfAbsent(
          i.local(), a -> PortPool.randomized(a, config.portMin(), config.portMax()));
    }
    this.interfaces = Map.copyOf(ifaces);
    this.pools = Map.copyOf(poolMap);
    this.learningWindowNanos = config.learningWindow().toNanos();
    this.sweep =
        new TimeoutSweep(this, calls.values(), transport.loops(), this.scheduler, config, clock);
  }

  /** Starts a relay on the system clock, sweeping timeouts on its first event loop. */
  public static MediaRelay start(RelayConfig config, CallListener listener) {
    return start(config, Clock.system(), null, listener);
  }

  /**
   * Starts a relay with an injected clock and scheduler (tests pass a fake for both).
   *
   * @param scheduler runs the periodic timeout sweep; null = the relay's first event loop
   */
  public static MediaRelay start(
      RelayConfig config, Clock clock, Scheduler scheduler, CallListener listener) {
    var transport = DatagramTransport.start(config.eventLoops(), config.preferEpoll());
    return start(config, transport, clock, scheduler, listener);
  }

  /**
   * Starts a relay on {@code transport}'s loops ({@link DatagramTransport#on} for a group owned by
   * someone else: {@code config}'s {@code eventLoops} and {@code preferEpoll} are then not used,
   * and {@link #close} leaves the group running). The relay closes the transport.
   *
   * @param scheduler runs the periodic timeout sweep and the calls' timers; null = the event loops
   *     (the sweep on the first, a call's timers on its own)
   */
  public static MediaRelay start(
      RelayConfig config,
      DatagramTransport transport,
      Clock clock,
      Scheduler scheduler,
      CallListener listener) {
    var relay = new MediaRelay(config, clock, scheduler, listener, transport);
    relay.sweep.start();
    return relay;
  }

  // ---- the NG layer's entry points ----------------------------------------------------------

  /** The logical interface with this name. */
  public Optional<LogicalInterface> findInterface(String name) {
    return Optional.ofNullable(interfaces.get(name));
  }

  /**
   * The logical interface with this name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public LogicalInterface iface(String name) {
    LogicalInterface i = interfaces.get(name);
    if (i == null) {
      throw new IllegalArgumentException("unknown interface \"" + name + "\"");
    }
    return i;
  }

  /**
   * Runs {@code action} on the call's event loop, creating the call if it does not exist. Called on
   * that loop, it runs inline and the future is complete on return; from any other thread it is
   * handed to the loop once. The future fails with the action's exception (e.g. {@link
   * io.isthmus.media.net.PortsExhaustedException}: reply "Ran out of ports").
   *
   * <p>A call created here enters the table only when the action returns: if it throws, the call is
   * discarded (its streams closed, its ports returned, the listener not told: it never existed for
   * anyone else). Inside that action the call is not yet found by Call-ID.
   */
  public <T> CompletableFuture<T> onCall(String callId, CallTask<T> action) {
    return runOnOwner(
        callId,
        () -> {
          Call held = calls.get(callId);
          if (held != null) {
            return action.run(held);
          }
          Call fresh = new Call(this, callId, transport.loopFor(callId), clock.nanos());
          T result;
          try {
            result = action.run(fresh);
          } catch (Exception | Error e) {
            fresh.releaseAll();
            throw e;
          }
          if (!fresh.isDeleted()) {
            calls.put(callId, fresh);
          }
          return result;
        });
  }

  /**
   * Restores a call another process held (a standby taking over, a restart reading Redis): runs
   * {@code action} on the call's loop on a new, empty call whose creation lies {@code ageNanos} in
   * the past (final-timeout counts from there), then puts it in the table. Fails with {@link
   * IllegalStateException} when the relay already holds the Call-ID; an action that throws leaves
   * nothing behind. The {@link RelayStateListener} is not told.
   */
  public <T> CompletableFuture<T> restore(String callId, long ageNanos, CallTask<T> action) {
    return runOnOwner(
        callId,
        () -> {
          if (calls.containsKey(callId)) {
            throw new IllegalStateException("call " + callId + " is already held");
          }
          Call fresh = new Call(this, callId, transport.loopFor(callId), clock.nanos() - ageNanos);
          T result;
          try {
            result = action.run(fresh);
          } catch (Exception | Error e) {
            fresh.releaseAll();
            throw e;
          }
          if (!fresh.isDeleted()) {
            calls.put(callId, fresh);
          }
          return result;
        });
  }

  /** Runs {@code action} on the call's loop if the call exists; empty otherwise. */
  public <T> CompletableFuture<Optional<T>> onExistingCall(String callId, CallTask<T> action) {
    return runOnOwner(
        callId,
        () -> {
          Call call = calls.get(callId);
          return call == null ? Optional.<T>empty() : Optional.ofNullable(action.run(call));
        });
  }

  /** A snapshot of the call's counters, taken on its loop; empty if unknown. */
  public CompletableFuture<Optional<CallStats>> query(String callId) {
    return onExistingCall(callId, Call::stats);
  }

  /** Deletes the call; completes with its final counters, empty if it was unknown. */
  public CompletableFuture<Optional<CallStats>> delete(String callId) {
    return onExistingCall(callId, call -> remove(call, DeletionReason.DELETED));
  }

  /** The Call-IDs currently held (a weakly consistent copy). */
  public Set<String> callIds() {
    return Set.copyOf(calls.keySet());
  }

  /** Up to {@code limit} Call-IDs in the table's own order (NG {@code list}). */
  public List<String> callIds(long limit) {
    List<String> ids = new ArrayList<>();
    for (String id : calls.keySet()) {
      if (ids.size() >= limit) {
        break;
      }
      ids.add(id);
    }
    return ids;
  }

  public int callCount() {
    return calls.size();
  }

  /** Whether the relay holds a call with this Call-ID (from any thread). */
  public boolean hasCall(String callId) {
    return calls.containsKey(callId);
  }

  /** UDP payload bytes accepted from the parties since start, every call (from any thread). */
  public long receivedBytes() {
    return receivedBytes.sum();
  }

  LongAdder receivedBytesCounter() {
    return receivedBytes;
  }

  /** The port pool of an interface's local address (for metrics: used and free pairs). */
  public PortPool portPool(LogicalInterface iface) {
    PortPool pool = pools.get(iface.local());
    if (pool == null) {
      throw new IllegalArgumentException("interface " + iface.name() + " is not configured here");
    }
    return pool;
  }

  /** "epoll" or "nio". */
  public String transportName() {
    return transport.name();
  }

  public RelayConfig config() {
    return config;
  }

  // ---- internals ------------------------------------------------------------------------------

  private <T> CompletableFuture<T> runOnOwner(String callId, Body<T> task) {
    var result = new CompletableFuture<T>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("media relay is closed"));
      return result;
    }
    EventLoop loop = transport.loopFor(callId);
    Runnable run =
        () -> {
          try {
            result.complete(task.get());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        };
    if (loop.inEventLoop()) {
      run.run();
    } else {
      loop.execute(run);
    }
    return result;
  }

  /** Takes the call out of the table, releases its ports, tells the listener. On its loop. */
  CallStats remove(Call call, DeletionReason reason) {
    call.checkOwner();
    CallStats stats = call.stats();
    calls.remove(call.callId(), call);
    call.releaseAll();
    LOG.debug("call {} deleted: {}", call.callId(), reason);
    try {
      listener.callDeleted(call.callId(), reason, stats);
    } catch (RuntimeException e) {
      LOG.warn("call listener failed for {}", call.callId(), e);
    }
    try {
      stateListener.removed(call);
    } catch (RuntimeException e) {
      LOG.warn("state listener failed for {}", call.callId(), e);
    }
    return stats;
  }

  /**
   * Deletes every call (reason {@link DeletionReason#SHUTDOWN}), returning all ports, then closes
   * the transport: its own event loops stop, a shared group keeps running. Must not be called from
   * one of the relay's event loops (it waits for them).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (EventLoop loop : transport.loops()) {
      if (loop.inEventLoop()) {
        throw new IllegalStateException("close the media relay from outside its event loops");
      }
    }
    closed = true;
    sweep.stop();
    var done = new ArrayList<CompletableFuture<Void>>();
    for (Call call : List.copyOf(calls.values())) {
      var future = new CompletableFuture<Void>();
      call.owner()
          .execute(
              () -> {
                try {
                  if (!call.isDeleted()) {
                    remove(call, DeletionReason.SHUTDOWN);
                  }
                } finally {
                  future.complete(null);
                }
              });
      done.add(future);
    }
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("media relay shutdown: calls did not close in time", e);
    }
    transport.close();
  }

  /** A task body without the call argument. */
  @FunctionalInterface
  private interface Body<T> {
    T get() throws Exception;
  }

  // ---- for the model classes ------------------------------------------------------------------

  /**
   * Sets the tap that sees every RTCP packet the parties send (HEP capture), or null for none. Set
   * once after start; packets already being handled may miss it.
   */
  public void rtcpTap(RtcpTap tap) {
    this.rtcpTap = tap;
  }

  /**
   * Sets who hears of changes to the calls' replicated state (HA), or {@link
   * RelayStateListener#NONE}. Set once after start, before calls arrive.
   */
  public void stateListener(RelayStateListener listener) {
    this.stateListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  RelayStateListener stateListener() {
    return stateListener;
  }

  /** The RTCP tap, or null. */
  RtcpTap rtcpTap() {
    return rtcpTap;
  }

  Clock clock() {
    return clock;
  }

  long learningWindowNanos() {
    return learningWindowNanos;
  }

  DatagramTransport transport() {
    return transport;
  }

  /** Where the timers of a call on {@code owner} run: the injected scheduler, else that loop. */
  Scheduler timersFor(EventLoop owner) {
    return injectedTimers != null ? injectedTimers : new ExecutorScheduler(owner);
  }
}
