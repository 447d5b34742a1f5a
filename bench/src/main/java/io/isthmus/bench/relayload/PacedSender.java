package io.isthmus.bench.relayload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends 50 packets/s per direction per call (G.711 with 20 ms packetization), paced on a 1 ms tick:
 * the calls are spread over the 20 ticks of a packet interval (call {@code c} sends on ticks {@code
 * t} with {@code t % 20 == c % 20}), so 1000 calls make a steady 100 packets per millisecond rather
 * than bursts of 2000 every 20 ms.
 *
 * <p>A tick that starts late is still sent in full (never skipped), and its lateness is recorded:
 * if the generator cannot keep its own schedule, the report says so instead of silently offering
 * less load. Each packet carries the time it was actually sent, so pacing jitter never counts as
 * relay latency.
 */
final class PacedSender implements Runnable {
  static final int PACKET_INTERVAL_MS = 20;
  private static final long TICK_NANOS = 1_000_000L;

  /** What the sender saw during the window. */
  record Report(long sent, long sendFailures, long lateTicks, long maxLagNanos) {}

  private final Parties parties;
  private final int calls;
  private final Window window;
  private final int[] sequence;
  private final ByteBuffer packet = RtpProbe.template();
  private final CompletableFuture<Report> report = new CompletableFuture<>();
  private volatile boolean running = true;

  private long sent;
  private long sendFailures;
  private long lateTicks;
  private long maxLag;

  PacedSender(Parties parties, int calls, Window window) {
    this.parties = parties;
    this.calls = calls;
    this.window = window;
    this.sequence = new int[calls * 2];
  }

  CompletableFuture<Report> report() {
    return report;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      long origin = System.nanoTime();
      for (long tick = 0; running; tick++) {
        long due = origin + tick * TICK_NANOS;
        long now;
        while ((now = System.nanoTime()) - due < 0) {
          LockSupport.parkNanos(due - now);
        }
        if (window.contains(due)) {
          long lag = now - due;
          maxLag = Math.max(maxLag, lag);
          if (lag > TICK_NANOS) {
            lateTicks++;
          }
        } else if (due - window.end() >= 0 && !report.isDone()) {
          report.complete(new Report(sent, sendFailures, lateTicks, maxLag));
        }
        sendTick((int) (tick % PACKET_INTERVAL_MS));
      }
    } catch (IOException e) {
      report.completeExceptionally(new UncheckedIOException("sender failed", e));
    } catch (RuntimeException | Error e) {
      report.completeExceptionally(e);
      throw e;
    }
  }

  private void sendTick(int slot) throws IOException {
    for (int call = slot; call < calls; call += PACKET_INTERVAL_MS) {
      sendOne(call, RtpProbe.PUBLIC_TO_PRIVATE);
      sendOne(call, RtpProbe.PRIVATE_TO_PUBLIC);
    }
  }

  private void sendOne(int call, int direction) throws IOException {
    int stream = call * 2 + direction;
    long now = System.nanoTime();
    RtpProbe.stamp(packet, stream, sequence[stream]++, now);
    boolean ok = parties.send(call, direction, packet);
    if (window.contains(now)) {
      if (ok) {
        sent++;
      } else {
        sendFailures++;
      }
    }
  }
}
