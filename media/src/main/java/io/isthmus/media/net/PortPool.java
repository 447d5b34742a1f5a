package io.isthmus.media.net;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The RTP/RTCP port pairs of one local address, with rtpengine's semantics: RTP on an even port,
 * RTCP on the next (odd) port, both inside [min, max]. Pairs are handed out in rotating order from
 * a random start, so a port released a moment ago is the last to be reused (a late packet of the
 * old call does not land in a new one).
 *
 * <p>A pair is reserved here and then bound by the caller; a pair the OS refuses (another process
 * holds a port) is {@link #release released} again and the caller asks for the next one, up to
 * {@link #pairCount()} attempts, after which it reports {@link PortsExhaustedException}.
 *
 * <p>Thread-safe without locks (one CAS per reservation): calls on different event loops share the
 * pool of an address. Reservation is signalling work, never on the packet path.
 */
public final class PortPool {

  private final InetAddress address;
  private final int firstPort;
  private final int pairCount;
  private final AtomicIntegerArray reserved;
  private final AtomicInteger cursor;
  private final AtomicInteger used = new AtomicInteger();
  private volatile int lastReserved;

  /**
   * @param address the local address the ports belong to
   * @param min lowest port (rounded up to even)
   * @param max highest port (a pair needs {@code rtp + 1 <= max})
   * @param startIndex where the rotation starts (random in production, fixed in tests)
   */
  public PortPool(InetAddress address, int min, int max, int startIndex) {
    this.address = Objects.requireNonNull(address, "address");
    if (min < 1 || max > 65535 || min > max) {
      throw new IllegalArgumentException("invalid port range " + min + "-" + max);
    }
    this.firstPort = (min + 1) & ~1;
    this.pairCount = firstPort + 1 <= max ? (max - firstPort + 1) / 2 : 0;
    if (pairCount == 0) {
      throw new IllegalArgumentException(
          "port range " + min + "-" + max + " holds no even/odd RTP/RTCP pair");
    }
    this.reserved = new AtomicIntegerArray(pairCount);
    this.cursor = new AtomicInteger(Math.floorMod(startIndex, pairCount));
  }

  /** A pool whose rotation starts at a random pair, as rtpengine randomises its free list. */
  public static PortPool randomized(InetAddress address, int min, int max) {
    return new PortPool(
        address, min, max, java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16));
  }

  /**
   * Reserves the next free pair and returns its RTP (even) port; RTCP is that port + 1.
   *
   * @throws PortsExhaustedException when every pair is reserved
   */
  public int reserve() throws PortsExhaustedException {
    for (int attempt = 0; attempt < pairCount; attempt++) {
      int index = Math.floorMod(cursor.getAndIncrement(), pairCount);
      if (reserved.compareAndSet(index, 0, 1)) {
        used.incrementAndGet();
        lastReserved = firstPort + 2 * index;
        return firstPort + 2 * index;
      }
    }
    throw new PortsExhaustedException(
        "all " + pairCount + " port pairs on " + address.getHostAddress() + " are in use");
  }

  /**
   * Reserves the pair of {@code rtpPort} itself (a standby restoring a call on the ports its SDP
   * named); false if it is taken.
   *
   * @throws IllegalArgumentException if {@code rtpPort} is not a pair of this pool
   */
  public boolean reserve(int rtpPort) {
    int index = indexOf(rtpPort);
    if (!reserved.compareAndSet(index, 0, 1)) {
      return false;
    }
    used.incrementAndGet();
    return true;
  }

  /**
   * Returns a pair by its RTP port. Releasing a pair that is not reserved is a bug in the caller.
   *
   * @throws IllegalArgumentException if {@code rtpPort} is not a pair of this pool
   * @throws IllegalStateException if the pair is not reserved
   */
  public void release(int rtpPort) {
    int index = indexOf(rtpPort);
    if (!reserved.compareAndSet(index, 1, 0)) {
      throw new IllegalStateException("port " + rtpPort + " released but not reserved");
    }
    used.decrementAndGet();
  }

  /** Whether the pair of {@code rtpPort} is currently reserved. */
  public boolean isReserved(int rtpPort) {
    return reserved.get(indexOf(rtpPort)) == 1;
  }

  private int indexOf(int rtpPort) {
    int offset = rtpPort - firstPort;
    if ((rtpPort & 1) != 0 || offset < 0 || offset / 2 >= pairCount) {
      throw new IllegalArgumentException("port " + rtpPort + " is not an RTP port of this pool");
    }
    return offset / 2;
  }

  public InetAddress address() {
    return address;
  }

  /** Number of pairs in the range. */
  public int pairCount() {
    return pairCount;
  }

  /** Pairs currently reserved. */
  public int usedPairs() {
    return used.get();
  }

  /** The RTP port of the pair reserved last (rtpengine's {@code last}), 0 before the first. */
  public int lastReserved() {
    return lastReserved;
  }

  /** Pairs currently free. */
  public int freePairs() {
    return pairCount - used.get();
  }
}
