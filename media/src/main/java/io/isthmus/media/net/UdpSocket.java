package io.isthmus.media.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay UDP socket read and written by the relay itself, registered on a Netty epoll loop as an
 * {@link EpollIoHandle}: Netty's datagram channel allocates per packet on both paths (a {@code
 * DatagramPacket} per read, a sender address per unconnected read, address bytes per {@code
 * sendto}); this one allocates nothing.
 *
 * <ul>
 *   <li>Reads: {@code recvfrom(2)} (Java's foreign-function API, with all arguments as primitives)
 *       into the reading thread's 64 KiB buffer, which the receiver gets as a {@link ByteBuf} view
 *       and transforms and forwards in place: no copy. A datagram that fills it was cut short by
 *       the kernel and is dropped ({@link WholeDatagrams#truncated}). The sender's {@code sockaddr}
 *       is compared with the previous one; only a new sender builds an {@link InetSocketAddress}.
 *   <li>Writes: {@code sendto(2)} at once, from the buffer's memory: without a recipient when
 *       connected, else with the recipient's {@code sockaddr}, encoded when the recipient changes.
 *       A full send buffer ({@code EAGAIN}) refuses the packet (RTP is not queued). A pending ICMP
 *       port unreachable ({@code ECONNREFUSED}) fails one send; it is sent again once.
 * </ul>
 *
 * Level-triggered: {@value #READS_PER_EVENT} datagram per readiness event, the rest on the next.
 * The descriptor and {@code bind}/{@code connect}/{@code SO_REUSEPORT} are Netty's ({@link
 * Socket}).
 */
@SuppressWarnings(
    "restricted") // downcalls to recvfrom/sendto: the JVM runs with --enable-native-access
public final class UdpSocket implements DatagramPort, EpollIoHandle {

  private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);

  /**
   * Datagrams read per readiness event. One: a relay socket carries one party's 50 packets/s, so a
   * wake-up almost always finds one datagram, and reading on until {@code EAGAIN} (Netty's way,
   * edge-triggered) costs a second {@code recvfrom} per packet (strace: 2.0 -> 1.0 per relayed
   * packet). Level-triggered epoll reports a socket with more queued again on the next poll.
   */
  static final int READS_PER_EVENT = 1;

  private static final int EAGAIN = 11;
  private static final int EINTR = 4;
  private static final int ECONNREFUSED = 111;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCKADDR_IN_LEN = 16;
  private static final int SOCKADDR_IN6_LEN = 28;

  private static final MethodHandle RECVFROM;
  private static final MethodHandle SENDTO;
  private static final VarHandle ERRNO;
  private static final long ERRNO_OFFSET;
  private static final long CAPTURE_SIZE;

  static {
    Linker linker = Linker.nativeLinker();
    var capture = Linker.Option.captureCallState("errno");
    var layout = Linker.Option.captureStateLayout();
    CAPTURE_SIZE = layout.byteSize();
    ERRNO_OFFSET = layout.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    ERRNO = ValueLayout.JAVA_INT.varHandle();
    // Pointers are passed as longs (same register class on every 64-bit ABI Java runs on): the
    // call then takes only primitives, and nothing is allocated to make a segment per packet.
    RECVFROM =
        linker.downcallHandle(
            linker.defaultLookup().find("recvfrom").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG),
            capture);
    SENDTO =
        linker.downcallHandle(
            linker.defaultLookup().find("sendto").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT),
            capture);
  }

  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT_LE =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /**
   * A loop thread's native memory: the read buffer (and its {@link ByteBuf} view), a buffer a
   * packet is copied through when its own memory has no address, the sender's and the recipient's
   * {@code sockaddr}, the {@code socklen_t} and the captured {@code errno}.
   */
  private static final class Scratch {
    final MemorySegment read;
    final long readAddress;
    final ByteBuf view;
    final MemorySegment out;
    final long outAddress;
    final byte[] through = new byte[WholeDatagrams.CAPACITY];
    final MemorySegment sockaddr; // 0: sender, 32: recipient, 64: socklen_t
    final long sockaddrAddress;
    final MemorySegment errno;

    Scratch() {
      Arena arena = Arena.ofAuto(); // freed with this object (the thread's locals)
      read = arena.allocate(WholeDatagrams.CAPACITY + WholeDatagrams.TAILROOM, 64);
      readAddress = read.address();
      // The whole segment: SRTP protection appends its tag in place, past the datagram.
      view = Unpooled.wrappedBuffer(read.asByteBuffer());
      out = arena.allocate(WholeDatagrams.CAPACITY + WholeDatagrams.TAILROOM, 64);
      outAddress = out.address();
      sockaddr = arena.allocate(128, 8);
      sockaddrAddress = sockaddr.address();
      errno = arena.allocate(CAPTURE_SIZE, 8);
    }
  }

  private static final FastThreadLocal<Scratch> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
          return new Scratch();
        }
      };

  private final Socket socket;
  private final int fd;
  private final boolean ipv6;
  private final InetSocketAddress local;
  private final Receiver receiver;
  private IoEventLoop loop;
  private IoRegistration registration;
  // Connected: the party's address, given to the receiver as the sender of every datagram.
  private InetSocketAddress remote;
  // The last sender seen (unconnected): its raw sockaddr words and the address built from them.
  private long senderWord0 = -1;
  private long senderWord1;
  private long senderWord2;
  private int senderWord3;
  private InetSocketAddress sender;
  // The last recipient sent to (unconnected) and its sockaddr words.
  private InetSocketAddress recipient;
  private long recipientWord0;
  private long recipientWord1;
  private long recipientWord2;
  private int recipientWord3;
  private boolean closed;

  private UdpSocket(Socket socket, InetSocketAddress local, Receiver receiver) {
    this.socket = socket;
    this.fd = socket.intValue();
    this.ipv6 = local.getAddress() instanceof Inet6Address;
    this.local = local;
    this.receiver = receiver;
  }

  /**
   * Opens a socket on {@code loop} bound to {@code local} ({@code SO_REUSEPORT} set first when
   * {@code reusePort}). Must run on {@code loop}.
   *
   * @throws IOException when the OS refuses the address (port taken) or the socket
   */
  static UdpSocket bind(
      IoEventLoop loop, InetSocketAddress local, boolean reusePort, Receiver receiver)
      throws IOException {
    Socket socket = Sockets.datagram(local.getAddress() instanceof Inet6Address);
    try {
      if (reusePort) {
        socket.setReusePort(true);
      }
      socket.bind(local);
      // A port was asked for, so that is the address: getsockname only for an ephemeral one
      // (one syscall less per socket, 8 sockets per audio and video call).
      InetSocketAddress bound = local.getPort() != 0 ? local : socket.localAddress();
      var udp = new UdpSocket(socket, bound, receiver);
      udp.register(loop);
      return udp;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sets {@code SO_REUSEPORT} on the bound socket, so a connected one can share its port. */
  void reusePort() throws IOException {
    socket.setReusePort(true);
  }

  /** Connects the socket (it then hears only {@code party}, and sends need no recipient). */
  void connect(InetSocketAddress party) throws IOException {
    socket.connect(party);
    remote = party;
  }

  private void register(IoEventLoop loop) throws IOException {
    var future = loop.register(this);
    if (!future.isDone() || !future.isSuccess()) {
      throw new IOException("epoll registration did not complete inline", future.cause());
    }
    registration = future.getNow();
    this.loop = loop;
    registration.submit(EpollIoOps.EPOLLIN);
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    EpollIoOps ops = ((EpollIoEvent) event).ops();
    if (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR)) {
      read();
    }
  }

  private void read() {
    Scratch s = SCRATCH.get();
    long addr = remote == null ? s.sockaddrAddress : 0L;
    long lenAddr = remote == null ? s.sockaddrAddress + 64 : 0L;
    int reads = 0;
    try {
      while (reads < READS_PER_EVENT && !closed) {
        if (lenAddr != 0) {
          s.sockaddr.set(ValueLayout.JAVA_INT, 64, SOCKADDR_IN6_LEN);
        }
        long n =
            (long)
                RECVFROM.invokeExact(
                    s.errno, fd, s.readAddress, (long) WholeDatagrams.CAPACITY, 0, addr, lenAddr);
        if (n < 0) {
          int errno = (int) ERRNO.get(s.errno, ERRNO_OFFSET);
          if (errno == ECONNREFUSED || errno == EINTR) {
            continue; // an ICMP error of an earlier send, now consumed
          }
          if (errno != EAGAIN) {
            receiver.error(new IOException("recvfrom: errno " + errno));
          }
          break;
        }
        reads++;
        if (n >= WholeDatagrams.CAPACITY) {
          receiver.truncated();
          continue;
        }
        InetSocketAddress from = remote != null ? remote : senderOf(s.sockaddr);
        if (from == null) {
          continue; // not an address of our family (cannot happen on a bound UDP socket)
        }
        ByteBuf view = s.view;
        if (view.refCnt() != 1) {
          // A receiver kept the last datagram: this thread reads into a new buffer from now on.
          LOG.debug("read buffer still referenced ({}), replacing it", view.refCnt());
          SCRATCH.set(s = new Scratch());
          view = s.view;
          addr = remote == null ? s.sockaddrAddress : 0L;
          lenAddr = remote == null ? s.sockaddrAddress + 64 : 0L;
        }
        view.setIndex(0, (int) n);
        receiver.datagram(view.retain(), from);
      }
    } catch (Throwable t) {
      receiver.error(t);
    }
    if (reads > 0) {
      receiver.readComplete();
    }
  }

  /** The sender in {@code sa}: the previous one when its bytes are the same. */
  private InetSocketAddress senderOf(MemorySegment sa) throws UnknownHostException {
    long w0 = sa.get(LONG_LE, 0);
    if (!ipv6) {
      if (w0 == senderWord0 && sender != null) {
        return sender;
      }
      if ((w0 & 0xffff) != AF_INET) {
        return null;
      }
      senderWord0 = w0;
      byte[] ip = {
        sa.get(ValueLayout.JAVA_BYTE, 4),
        sa.get(ValueLayout.JAVA_BYTE, 5),
        sa.get(ValueLayout.JAVA_BYTE, 6),
        sa.get(ValueLayout.JAVA_BYTE, 7)
      };
      return sender = new InetSocketAddress(InetAddress.getByAddress(ip), port(sa));
    }
    long w1 = sa.get(LONG_LE, 8);
    long w2 = sa.get(LONG_LE, 16);
    int w3 = sa.get(INT_LE, 24);
    if (w0 == senderWord0
        && w1 == senderWord1
        && w2 == senderWord2
        && w3 == senderWord3
        && sender != null) {
      return sender;
    }
    if ((w0 & 0xffff) != AF_INET6) {
      return null;
    }
    senderWord0 = w0;
    senderWord1 = w1;
    senderWord2 = w2;
    senderWord3 = w3;
    byte[] ip = new byte[16];
    MemorySegment.copy(sa, ValueLayout.JAVA_BYTE, 8, ip, 0, 16);
    InetAddress address =
        w3 != 0 ? Inet6Address.getByAddress(null, ip, w3) : InetAddress.getByAddress(ip);
    return sender = new InetSocketAddress(address, port(sa));
  }

  private static int port(MemorySegment sa) {
    return (sa.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8 | sa.get(ValueLayout.JAVA_BYTE, 3) & 0xff;
  }

  @Override
  public boolean send(ByteBuf buf) {
    if (remote == null) {
      throw new IllegalStateException("send without a recipient on an unconnected socket");
    }
    return transmit(buf, false);
  }

  @Override
  public boolean sendTo(ByteBuf buf, InetSocketAddress to) {
    if (remote != null) {
      return to.equals(remote) && transmit(buf, false);
    }
    if (to != recipient) {
      if (!encodeRecipient(to)) {
        return false;
      }
    }
    return transmit(buf, true);
  }

  private boolean encodeRecipient(InetSocketAddress to) {
    InetAddress address = to.getAddress();
    int port = to.getPort();
    long portBe = (long) ((port & 0xff) << 8 | (port >>> 8) & 0xff) << 16;
    if (!ipv6) {
      if (!(address instanceof Inet4Address)) {
        return false; // an IPv6 party cannot be reached from an IPv4 socket
      }
      byte[] ip = address.getAddress();
      long ipLe =
          (ip[0] & 0xffL) | (ip[1] & 0xffL) << 8 | (ip[2] & 0xffL) << 16 | (ip[3] & 0xffL) << 24;
      recipientWord0 = AF_INET | portBe | ipLe << 32;
      recipientWord1 = 0;
    } else {
      byte[] ip =
          address instanceof Inet4Address v4 ? mapped(v4.getAddress()) : address.getAddress();
      int scope = address instanceof Inet6Address v6 ? v6.getScopeId() : 0;
      recipientWord0 = AF_INET6 | portBe; // flowinfo 0
      recipientWord1 = littleEndian(ip, 0);
      recipientWord2 = littleEndian(ip, 8);
      recipientWord3 = scope;
    }
    recipient = to;
    return true;
  }

  private static byte[] mapped(byte[] v4) {
    byte[] ip = new byte[16];
    ip[10] = (byte) 0xff;
    ip[11] = (byte) 0xff;
    System.arraycopy(v4, 0, ip, 12, 4);
    return ip;
  }

  private static long littleEndian(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[at + i] & 0xffL);
    }
    return v;
  }

  private boolean transmit(ByteBuf buf, boolean withRecipient) {
    if (closed) {
      return false;
    }
    Scratch s = SCRATCH.get();
    int len = buf.readableBytes();
    long from;
    if (buf == s.view) {
      from = s.readAddress + buf.readerIndex();
    } else if (buf.hasMemoryAddress()) {
      from = buf.memoryAddress() + buf.readerIndex();
    } else {
      buf.getBytes(buf.readerIndex(), s.through, 0, len);
      MemorySegment.copy(s.through, 0, s.out, ValueLayout.JAVA_BYTE, 0, len);
      from = s.outAddress;
    }
    long to = 0;
    int toLen = 0;
    if (withRecipient) {
      MemorySegment sa = s.sockaddr;
      sa.set(LONG_LE, 32, recipientWord0);
      sa.set(LONG_LE, 40, recipientWord1);
      if (ipv6) {
        sa.set(LONG_LE, 48, recipientWord2);
        sa.set(INT_LE, 56, recipientWord3);
      }
      to = s.sockaddrAddress + 32;
      toLen = ipv6 ? SOCKADDR_IN6_LEN : SOCKADDR_IN_LEN;
    }
    try {
      for (int attempt = 0; attempt < 2; attempt++) {
        long n = (long) SENDTO.invokeExact(s.errno, fd, from, (long) len, 0, to, toLen);
        if (n >= 0) {
          buf.release();
          return true;
        }
        int errno = (int) ERRNO.get(s.errno, ERRNO_OFFSET);
        if (errno != ECONNREFUSED && errno != EINTR) {
          return false; // EAGAIN (send buffer full) and the rest: the caller drops and counts
        }
      }
    } catch (Throwable t) {
      receiver.error(t);
    }
    return false;
  }

  @Override
  public void flush() {
    // Sends are immediate.
  }

  @Override
  public IoEventLoop eventLoop() {
    return loop;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    IoRegistration r = registration;
    if (r != null) {
      r.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", local, e.toString());
    }
  }

  /** Access to Netty's non-blocking datagram descriptor (a protected factory of {@link Socket}). */
  private static final class Sockets extends Socket {
    private Sockets() {
      super(-1);
    }

    static Socket datagram(boolean ipv6) {
      return new Socket(newSocketDgram0(ipv6));
    }
  }
}
