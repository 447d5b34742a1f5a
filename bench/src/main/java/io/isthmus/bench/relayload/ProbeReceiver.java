package io.isthmus.bench.relayload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * Receives the relayed probes on every party socket (one selector, one thread) and measures what
 * the relay did to the packets sent in the window: how many arrived, how late (one-way latency,
 * receive {@code nanoTime} minus the send time in the packet), and how many came out of order.
 *
 * <p>Own sockets see about one packet per wakeup, so each ready socket is read once (the selector
 * is level-triggered: anything left is reported again); shared sockets are drained.
 */
final class ProbeReceiver implements Runnable {
  private static final long HIGHEST_LATENCY_NANOS = 10_000_000_000L;
  private static final int DRAIN_LIMIT = 64;
  private static final long SELECT_TIMEOUT_MS = 5;

  /** What the parties received of the packets sent in the window. */
  record Report(long received, long reordered, long foreign, Histogram latencyNanos) {}

  private final Selector selector;
  private final Window window;
  private final int readsPerWakeup;
  private final int streams;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
  private final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
  private final int[] lastSequence;
  private final CompletableFuture<Report> report = new CompletableFuture<>();
  private volatile boolean running = true;

  private long received;
  private long reordered;
  private long foreign;

  ProbeReceiver(Parties parties, int calls, Window window) throws IOException {
    this.selector = Selector.open();
    this.window = window;
    this.readsPerWakeup = parties.shared() ? DRAIN_LIMIT : 1;
    this.streams = calls * 2;
    this.lastSequence = new int[streams];
    Arrays.fill(lastSequence, -1);
    for (DatagramChannel ch : parties.all()) {
      ch.register(selector, SelectionKey.OP_READ);
    }
  }

  CompletableFuture<Report> report() {
    return report;
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    try (selector) {
      while (running) {
        selector.select(this::onReadable, SELECT_TIMEOUT_MS);
        if (!report.isDone() && System.nanoTime() - (window.end() + window.grace()) >= 0) {
          report.complete(new Report(received, reordered, foreign, latency.copy()));
        }
      }
    } catch (IOException e) {
      report.completeExceptionally(new UncheckedIOException("receiver failed", e));
    } catch (RuntimeException | Error e) {
      report.completeExceptionally(e);
      throw e;
    }
  }

  private void onReadable(SelectionKey key) {
    DatagramChannel ch = (DatagramChannel) key.channel();
    try {
      for (int i = 0; i < readsPerWakeup; i++) {
        buffer.clear();
        if (ch.isConnected()) {
          if (ch.read(buffer) <= 0) {
            return;
          }
        } else if (ch.receive(buffer) == null) {
          return;
        }
        onPacket(buffer.position(), System.nanoTime());
      }
    } catch (IOException e) {
      // ICMP port unreachable on a connected socket (the relay port closed): not a probe.
      foreign++;
    }
  }

  private void onPacket(int length, long now) {
    if (!RtpProbe.isProbe(buffer, length)) {
      foreign++;
      return;
    }
    int stream = RtpProbe.stream(buffer);
    if (stream < 0 || stream >= streams) {
      foreign++;
      return;
    }
    int seq = RtpProbe.sequence(buffer);
    if (seq <= lastSequence[stream]) {
      reordered++;
    }
    lastSequence[stream] = Math.max(lastSequence[stream], seq);
    long sentAt = RtpProbe.sendNanos(buffer);
    if (window.contains(sentAt)) {
      received++;
      latency.recordValue(Math.min(Math.max(0, now - sentAt), HIGHEST_LATENCY_NANOS));
    }
  }
}
