package io.isthmus.hep;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HEP capture agent: encodes each captured message on the caller's thread into a pooled buffer
 * and hands it to one sender thread, which writes it to the collector over UDP.
 *
 * <p><b>Why a thread.</b> Captures are made on the event loops, in the middle of SIP and media
 * work. The loop's share is an encode into a buffer taken from a pool and one offer into a bounded
 * lock-free queue, never a system call, a lock or a wait. When every buffer is waiting (collector
 * socket stalled, sender starved) the capture is dropped and counted: capture is best effort, the
 * call is not. The sender wakes only when there is work (a producer unparks it only if it announced
 * it was going to sleep), so an idle agent costs nothing.
 *
 * <p><b>The pool.</b> {@code queueCapacity} slots, each a byte array with its buffer views, made on
 * first need and then passed around: free queue, a producer, the ready queue, the sender, the free
 * queue again. Nothing is allocated per capture once the slots exist; a slot grown for an unusually
 * large message shrinks back when it returns.
 */
public final class HepSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HepSender.class);
  private static final long IDLE_PARK_NANOS = 100_000_000L;

  private final HepSettings settings;
  private final byte[] authKey;
  private final EpochClock clock;
  private final Queue<Slot> ready;
  private final Queue<Slot> free;
  private final AtomicInteger slots = new AtomicInteger();
  private final DatagramChannel channel;
  private final HepCounters counters = new HepCounters();
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean running = true;

  private HepSender(HepSettings settings, EpochClock clock, DatagramChannel channel) {
    this.settings = settings;
    this.authKey = settings.authKeyBytes();
    this.clock = clock;
    this.ready = PlatformDependent.newFixedMpscQueue(settings.queueCapacity());
    this.free = PlatformDependent.newFixedMpmcQueue(settings.queueCapacity());
    this.channel = channel;
    this.thread = Thread.ofPlatform().daemon().name("isthmus-hep").unstarted(this::run);
  }

  /**
   * Opens a UDP socket connected to the collector and starts the sender thread.
   *
   * @throws IOException when the socket cannot be opened or connected
   */
  public static HepSender start(HepSettings settings, EpochClock clock) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.connect(settings.collector());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    HepSender sender = new HepSender(settings, clock, channel);
    sender.thread.start();
    LOG.info(
        "HEP capture to udp:{} (capture id {})",
        settings.collector().getAddress().getHostAddress() + ":" + settings.collector().getPort(),
        settings.captureId());
    return sender;
  }

  /**
   * Captures one message. Runs on the caller's thread and never blocks: encode, enqueue, return.
   *
   * @param protocolType {@link Hep3#TYPE_SIP}, {@link Hep3#TYPE_RTCP_JSON}, ...
   * @param transport {@link Hep3#UDP} or {@link Hep3#TCP}
   * @param correlationId the Call-ID, or null
   * @return false when the capture was dropped (counted by cause)
   */
  public <T> boolean capture(
      int protocolType,
      int transport,
      InetAddress source,
      int sourcePort,
      InetAddress destination,
      int destinationPort,
      CharSequence correlationId,
      T payload,
      Payload<T> writer) {
    if (!running) {
      return false;
    }
    if ((source instanceof Inet4Address) != (destination instanceof Inet4Address)) {
      counters.unsupported.increment();
      return false;
    }
    int head = Hep3.headLength(source, destination, correlationId, authKey);
    int payloadLength = writer.length(payload);
    int total = Hep3.packetLength(head, payloadLength);
    if (total > Hep3.MAX_LENGTH) {
      counters.oversize.increment();
      return false;
    }
    Slot slot = take();
    if (slot == null) {
      counters.queueFull.increment();
      return false;
    }
    ByteBuf buf = slot.prepare(total);
    Hep3.writeHead(
        buf,
        total,
        protocolType,
        transport,
        source,
        sourcePort,
        destination,
        destinationPort,
        clock.micros(),
        settings.captureId(),
        authKey,
        correlationId);
    writer.write(payload, slot.data, buf.writerIndex());
    slot.length = total;
    if (!ready.offer(slot)) {
      free.offer(slot); // cannot happen: there are never more slots than ready places
      counters.queueFull.increment();
      return false;
    }
    if (sleeping) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** What was sent and dropped. */
  public HepCounters counters() {
    return counters;
  }

  /** Slots made so far (at most the queue capacity): the pool grows to the largest burst. */
  int slotCount() {
    return slots.get();
  }

  /** Where captures go. */
  public HepSettings settings() {
    return settings;
  }

  /** A free slot, a new one while fewer than the capacity exist, or null when all are waiting. */
  private Slot take() {
    Slot slot = free.poll();
    if (slot != null) {
      return slot;
    }
    int n = slots.get();
    while (n < settings.queueCapacity()) {
      if (slots.compareAndSet(n, n + 1)) {
        return new Slot();
      }
      n = slots.get();
    }
    return free.poll();
  }

  private void run() {
    while (running) {
      Slot slot = ready.poll();
      if (slot != null) {
        send(slot);
        continue;
      }
      sleeping = true;
      // Dekker with capture(): a producer either sees sleeping and unparks, or this sees its item.
      if (ready.isEmpty() && running) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
      sleeping = false;
    }
  }

  private void send(Slot slot) {
    boolean sent = false;
    try {
      channel.write(slot.datagram());
      sent = true;
    } catch (ClosedChannelException e) {
      // closing: counted below
    } catch (IOException e) {
      // a collector that is down answers ICMP port unreachable: the next write reports it
      LOG.debug("HEP send to {} failed: {}", settings.collector(), e.toString());
    } finally {
      slot.shrink();
      free.offer(slot);
    }
    // counted once the slot is free again: a reader of the counters sees the pool settled
    (sent ? counters.sent : counters.sendErrors).increment();
  }

  /** Stops the sender thread; what is still queued is sent first, then the socket closes. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Slot slot;
    while ((slot = ready.poll()) != null) {
      send(slot);
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the HEP socket: {}", e.toString());
    }
  }

  /** One pooled packet buffer: its array, a ByteBuf view to encode into, a ByteBuffer to send. */
  private static final class Slot {
    static final int SIZE = 4096;

    byte[] data;
    ByteBuf encoder;
    ByteBuffer datagram;
    int length;

    Slot() {
      wrap(new byte[SIZE]);
    }

    private void wrap(byte[] array) {
      data = array;
      encoder = Unpooled.wrappedBuffer(array);
      datagram = ByteBuffer.wrap(array);
    }

    /** The encoder, empty, over at least {@code size} octets. */
    ByteBuf prepare(int size) {
      if (size > data.length) {
        wrap(new byte[size]); // a message larger than a slot: rare, and undone by shrink()
      }
      return encoder.clear();
    }

    ByteBuffer datagram() {
      return datagram.clear().limit(length);
    }

    void shrink() {
      if (data.length > SIZE) {
        wrap(new byte[SIZE]);
      }
    }
  }
}
