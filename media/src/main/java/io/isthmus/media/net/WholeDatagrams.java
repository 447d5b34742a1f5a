package io.isthmus.media.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Receive buffers of the relay's sockets, large enough that no UDP datagram is ever cut short.
 *
 * <p>Netty reads a datagram into a buffer of 2048 bytes by default, and neither {@code recv} nor
 * Netty report that the kernel discarded the rest ({@code MSG_TRUNC} is not surfaced): a 4,000-byte
 * video packet or RTCP compound would be forwarded mangled. Here every read goes into a buffer of
 * {@value #CAPACITY} bytes, more than the largest UDP payload (65,507 bytes over IPv4, 65,527 over
 * IPv6 without jumbograms), so a datagram that fills it can only be a truncated one: {@link
 * #truncated} tells, and the caller drops and counts it instead of forwarding it.
 *
 * <p>No 64 KiB buffer per packet: each event-loop thread owns one such buffer, reused for every
 * read on that thread while the previous datagram has been consumed (the relay's handler copies the
 * datagram into a buffer of its own size at once, {@link #copyOut}, and releases the read buffer).
 * Reads that find it still in use (NIO reads a batch of datagrams before handing any on) get a
 * pooled buffer of the same size. The steady state allocates no garbage: pooled buffers and the
 * copy of a 172-byte packet, where Netty's default allocated a pooled 2 KiB buffer per read.
 */
public final class WholeDatagrams extends DefaultMaxMessagesRecvByteBufAllocator {

  /** The receive buffer: one byte more than any UDP payload can have. */
  public static final int CAPACITY = 65_536;

  /** Largest UDP payload over IPv4 (65,535 - 20 IP header - 8 UDP header). */
  public static final int MAX_IPV4_PAYLOAD = 65_507;

  /** Largest UDP payload over IPv6 without jumbograms (65,535 - 8 UDP header). */
  public static final int MAX_IPV6_PAYLOAD = 65_527;

  /**
   * Room left after a copied datagram, so SRTP protection (up to 14 more bytes, SRTCP) appends its
   * index and tag in place.
   */
  static final int TAILROOM = 16;

  /** Netty's own per-read batch for datagram channels ({@code ChannelMetadata} of both). */
  private static final int MESSAGES_PER_READ = 16;

  private static final FastThreadLocal<Scratch> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
          return new Scratch(Unpooled.directBuffer(CAPACITY, CAPACITY), new byte[CAPACITY]);
        }

        @Override
        protected void onRemoval(Scratch scratch) {
          scratch.read().release();
        }
      };

  /**
   * A thread's read buffer, and the array a datagram is copied through: without {@code Unsafe} (JDK
   * 24+) Netty's direct-to-direct copies make a {@code ByteBuffer} view per call, the array-backed
   * ones do not.
   */
  private record Scratch(ByteBuf read, byte[] bytes) {}

  /** One instance serves every socket: the buffers belong to the reading thread. */
  public static final WholeDatagrams INSTANCE = new WholeDatagrams();

  private WholeDatagrams() {
    super(MESSAGES_PER_READ);
  }

  @Override
  public ExtendedHandle newHandle() {
    return new MaxMessageHandle() {
      @Override
      public ByteBuf allocate(ByteBufAllocator alloc) {
        ByteBuf scratch = SCRATCH.get().read();
        if (scratch.refCnt() == 1) {
          // Only this thread's reads use it, and the last one was released: free to reuse.
          scratch.clear();
          return scratch.retain();
        }
        return alloc.directBuffer(CAPACITY, CAPACITY);
      }

      @Override
      public int guess() {
        return CAPACITY;
      }
    };
  }

  /** Whether a datagram read by these buffers filled one: the kernel cut it short. */
  public static boolean truncated(ByteBuf read) {
    return read.readableBytes() >= CAPACITY;
  }

  /**
   * The datagram in a pooled buffer of its own size (plus {@value #TAILROOM} bytes of tailroom), so
   * the read buffer can be released at once and reused by the next read. Consumes {@code read}'s
   * readable bytes.
   */
  public static ByteBuf copyOut(ByteBuf read, ByteBufAllocator alloc) {
    int len = read.readableBytes();
    byte[] through = SCRATCH.get().bytes();
    read.readBytes(through, 0, len); // readBytes, not getBytes: the latter duplicates a view
    ByteBuf copy = alloc.directBuffer(len + TAILROOM);
    copy.writeBytes(through, 0, len);
    return copy;
  }

  /** The largest UDP payload a socket of this family can send whole. */
  public static int maxPayload(boolean ipv6) {
    return ipv6 ? MAX_IPV6_PAYLOAD : MAX_IPV4_PAYLOAD;
  }
}
