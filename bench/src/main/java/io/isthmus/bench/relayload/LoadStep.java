package io.isthmus.bench.relayload;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One step of the load benchmark against a relay that is already running: set up {@code calls}
 * calls over NG, relay 50 packets/s per direction per call through them, warm up, measure over a
 * window, tear the calls down.
 *
 * <p>The relay's CPU time is read from {@code /proc/<pid>/stat} at the window's edges, so it
 * includes its system calls and the kernel work they do. On loopback the sender of a datagram also
 * pays for delivering it into the receiver's socket; each side pays for what it sends, the same for
 * both engines.
 */
final class LoadStep {
  private static final Duration GRACE = Duration.ofMillis(500);
  private static final Duration REPLY_PATIENCE = Duration.ofSeconds(15);

  private final InetSocketAddress ng;
  private final long relayPid;
  private final String engine;
  private final int run;
  private final Duration warmup;
  private final Duration window;
  private final int sharedSockets;

  LoadStep(
      InetSocketAddress ng,
      long relayPid,
      String engine,
      int run,
      Duration warmup,
      Duration window,
      int sharedSockets) {
    this.ng = ng;
    this.relayPid = relayPid;
    this.engine = engine;
    this.run = run;
    this.warmup = warmup;
    this.window = window;
    this.sharedSockets = sharedSockets;
  }

  StepResult measure(int calls) throws Exception {
    String prefix = "load-" + engine + "-r" + run + "-" + calls + "-" + System.nanoTime();
    try (Parties parties = Parties.open(calls, sharedSockets);
        NgCalls control = NgCalls.connect(ng, prefix)) {
      control.awaitReady(REPLY_PATIENCE);
      List<CallLeg> legs =
          control.setUp(parties.publicAddresses(calls), parties.privateAddresses(calls));
      parties.target(legs);
      try {
        return relay(parties, calls);
      } finally {
        control.deleteAll(calls);
      }
    }
  }

  private StepResult relay(Parties parties, int calls) throws Exception {
    long start = System.nanoTime() + warmup.toNanos();
    Window w = new Window(start, start + window.toNanos(), GRACE.toNanos());
    var receiver = new ProbeReceiver(parties, calls, w);
    var sender = new PacedSender(parties, calls, w);
    Thread rx = Thread.ofPlatform().name("probe-receiver").start(receiver);
    Thread tx = Thread.ofPlatform().name("paced-sender").start(sender);
    try {
      sleepUntil(w.start());
      Sample before = Sample.take(relayPid);
      sleepUntil(w.end());
      Sample after = Sample.take(relayPid);
      long patience = window.toNanos() + TimeUnit.SECONDS.toNanos(30);
      PacedSender.Report sent = sender.report().get(patience, TimeUnit.NANOSECONDS);
      ProbeReceiver.Report got = receiver.report().get(patience, TimeUnit.NANOSECONDS);
      return result(calls, w, before, after, sent, got);
    } finally {
      sender.stop();
      receiver.stop();
      tx.join();
      rx.join();
    }
  }

  private StepResult result(
      int calls,
      Window w,
      Sample before,
      Sample after,
      PacedSender.Report sent,
      ProbeReceiver.Report got) {
    double windowNanos = w.end() - w.start();
    long relayCpu = after.relayCpu - before.relayCpu;
    long relaySystem = after.relaySystem - before.relaySystem;
    long generatorCpu = after.generatorCpu - before.generatorCpu;
    long otherCpu = (after.machineBusy - before.machineBusy) - relayCpu - generatorCpu;
    Histogram h = got.latencyNanos();
    return new StepResult(
        engine,
        run,
        calls,
        (long) calls * 2 * (1000 / PacedSender.PACKET_INTERVAL_MS),
        w.secondsExact(),
        sent.sent(),
        got.received(),
        sent.sent() == 0 ? 0 : 100.0 * (sent.sent() - got.received()) / sent.sent(),
        got.reordered(),
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3,
        got.received() == 0 ? Double.NaN : relayCpu / 1e3 / got.received(),
        100.0 * relayCpu / windowNanos,
        relayCpu == 0 ? Double.NaN : 100.0 * relaySystem / relayCpu,
        100.0 * generatorCpu / windowNanos,
        100.0 * Math.max(0, otherCpu) / windowNanos,
        sent.lateTicks(),
        sent.maxLagNanos() / 1e3);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }

  /** CPU counters read together at one edge of the window. */
  private record Sample(long relayCpu, long relaySystem, long generatorCpu, long machineBusy) {
    static Sample take(long relayPid) {
      if (!ProcStat.alive(relayPid)) {
        throw new IllegalStateException("relay pid " + relayPid + " is gone");
      }
      long system = ProcStat.systemNanos(relayPid);
      return new Sample(
          ProcStat.userNanos(relayPid) + system,
          system,
          ProcStat.cpuNanos(ProcessHandle.current().pid()),
          ProcStat.machineBusyNanos());
    }
  }
}
