package io.isthmus.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * An {@link SrtpContext} applied to Netty buffers: the relay's hot path hands over the received
 * datagram buffer and forwards the same buffer, transformed in place. The packet is copied into a
 * scratch array owned by this object (one copy in, one out: the buffers of an epoll socket are
 * direct, and the JDK's AES and SHA-1 work fastest on arrays), so nothing is allocated per packet.
 * One owner thread (the call's event loop).
 *
 * <p>Tailroom: protecting adds up to 10 bytes to RTP and 14 to RTCP. The relay copies each datagram
 * into a buffer with 16 bytes to spare ({@code WholeDatagrams}), so a packet always has the room;
 * when it has not (a read-only buffer, or one that cannot grow), a new buffer is taken from the
 * same (pooled) allocator and the received one released.
 */
public final class SrtpStream {
  private final SrtpContext context;
  private byte[] scratch = new byte[2048];

  public SrtpStream(SrtpContext context) {
    this.context = context;
  }

  public SrtpContext context() {
    return context;
  }

  /**
   * Verifies and decrypts the packet in {@code buf} in place (its readable bytes shrink by the tag,
   * and for RTCP the SRTCP index).
   *
   * @return false if the packet was refused (the buffer is left to the caller to drop)
   */
  public boolean unprotect(ByteBuf buf, boolean rtcp) {
    int at = buf.readerIndex();
    int len = buf.readableBytes();
    byte[] s = scratch(len);
    buf.getBytes(at, s, 0, len);
    int n = rtcp ? context.unprotectRtcp(s, 0, len) : context.unprotectRtp(s, 0, len);
    if (n < 0) {
      return false;
    }
    buf.setBytes(at, s, 0, n);
    buf.writerIndex(at + n);
    return true;
  }

  /**
   * Encrypts and authenticates the packet in {@code buf}.
   *
   * @return the buffer holding the protected packet: {@code buf} itself, or a new buffer when it
   *     lacked the room (then {@code buf} was released); null if the packet was refused as
   *     malformed ({@code buf} left to the caller to drop)
   */
  public ByteBuf protect(ByteBuf buf, boolean rtcp) {
    int at = buf.readerIndex();
    int len = buf.readableBytes();
    byte[] s = scratch(len + SrtpContext.RTCP_OVERHEAD);
    buf.getBytes(at, s, 0, len);
    int n = rtcp ? context.protectRtcp(s, 0, len) : context.protectRtp(s, 0, len);
    if (n < 0) {
      return null;
    }
    ByteBuf out = buf;
    if (buf.isReadOnly() || buf.maxCapacity() - at < n) {
      out = buf.alloc().directBuffer(n);
      buf.release();
    } else {
      out.writerIndex(at); // writeBytes grows a pooled buffer in place if it must
    }
    out.writeBytes(s, 0, n);
    return out;
  }

  private byte[] scratch(int len) {
    if (scratch.length < len) {
      scratch = new byte[len + 256]; // a datagram above 2 KB: grows once
    }
    return scratch;
  }
}
