package io.isthmus.proxy.transport;

import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.SourceClassifier;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.IpLiterals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transport layer of the proxy: every configured socket of every network bound, messages
 * received, checked and handed to the {@link InboundHandler} on the loop that owns their Call-ID,
 * and messages sent from a chosen local socket (RFC 3261 §18).
 *
 * <p>What the core calls: {@link #send} (a request to a gateway from the egress socket of the
 * target network, or a forwarded response), {@link #respond} (a response back along the flow its
 * request came on), {@link #loopFor} (which loop owns a call), {@link #localAddress} (the port a
 * socket really got, for Via and Record-Route). What the core implements: {@link InboundHandler}
 * and {@link TransportErrorListener}. The loop group is the caller's: closing the transport closes
 * sockets and connections, not the loops.
 */
public final class SipTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SipTransport.class);

  private final Networks networks;
  private final LoopGroup loops;
  private final TransportErrorListener errors;
  private final TransportCounters counters = new TransportCounters();
  private final ConnectionTable connections = new ConnectionTable();
  private final Map<SocketSpec, UdpEndpoint> udp = new IdentityHashMap<>();
  private final Map<SocketSpec, TcpEndpoint> tcp = new IdentityHashMap<>();
  private final Map<SocketSpec, String> agents = new IdentityHashMap<>();
  private volatile java.util.function.Predicate<InetSocketAddress> watched = a -> false;
  private final TlsCounters tlsCounters = new TlsCounters();
  private Map<String, TlsContext> tls = Map.of();
  private volatile boolean ready;
  private volatile SipTap tap;

  private SipTransport(Networks networks, LoopGroup loops, TransportErrorListener errors) {
    this.networks = networks;
    this.loops = loops;
    this.errors = errors;
  }

  /**
   * Binds every socket of {@code networks} and starts receiving. Blocks until all are bound; call
   * it off the loops (start-up).
   *
   * @throws IllegalStateException when a socket cannot be bound (all others are closed again)
   */
  public static SipTransport start(
      Networks networks,
      LoopGroup loops,
      TransportConfig config,
      InboundHandler handler,
      TransportErrorListener errors) {
    return start(networks, loops, config, handler, errors, Map.of());
  }

  /**
   * {@link #start(Networks, LoopGroup, TransportConfig, InboundHandler, TransportErrorListener)}
   * with the TLS contexts of the networks that have a {@code tls} socket, by network name.
   *
   * @throws IllegalStateException also when a network has a TLS socket but no context
   */
  public static SipTransport start(
      Networks networks,
      LoopGroup loops,
      TransportConfig config,
      InboundHandler handler,
      TransportErrorListener errors,
      Map<String, TlsContext> tls) {
    return start(networks, loops, config, handler, errors, tls, null);
  }

  /**
   * {@link #start(Networks, LoopGroup, TransportConfig, InboundHandler, TransportErrorListener,
   * Map)} with flood protection: every packet and connection is screened by {@code flood} (null:
   * none) before it is parsed.
   */
  public static SipTransport start(
      Networks networks,
      LoopGroup loops,
      TransportConfig config,
      InboundHandler handler,
      TransportErrorListener errors,
      Map<String, TlsContext> tls,
      FloodGuard flood) {
    SipTransport t = new SipTransport(networks, loops, errors);
    t.tls = Map.copyOf(tls);
    Ingress ingress =
        new Ingress(t, new SourceClassifier(networks), loops, handler, t.counters, config.limits());
    ingress.flood(flood);
    try {
      for (Network n : networks.all()) {
        for (SocketSpec s : n.sockets()) {
          InetSocketAddress bound;
          if (s.transport() == Transport.UDP) {
            UdpEndpoint e = UdpEndpoint.bind(s, n, loops, ingress, config.maxDatagramBytes());
            e.onUnreachable(
                (local, remote, cause) ->
                    errors.onUnreachable(local, new Destination(Transport.UDP, remote), cause));
            t.udp.put(s, e);
            bound = e.localAddress();
            LOG.info("SIP {} bound {} ({} channel(s))", n.name(), spec(s, bound), e.channelCount());
          } else if (s.transport() == Transport.TLS) {
            TlsContext context = t.tls.get(n.name());
            if (context == null) {
              throw new IllegalStateException(
                  "network " + n.name() + " has a tls socket but no TLS certificate settings");
            }
            TcpEndpoint e =
                TcpEndpoint.bindTls(
                    s,
                    n,
                    loops,
                    ingress,
                    t.connections,
                    config,
                    t.counters,
                    context,
                    t.tlsCounters);
            t.tcp.put(s, e);
            bound = e.localAddress();
            LOG.info(
                "SIP {} bound {} with certificate {}",
                n.name(),
                spec(s, bound),
                context.certificate().getSubjectX500Principal().getName());
          } else {
            TcpEndpoint e =
                TcpEndpoint.bind(s, n, loops, ingress, t.connections, config, t.counters);
            e.onUnreachable(
                (local, remote, cause) ->
                    errors.onUnreachable(local, new Destination(Transport.TCP, remote), cause));
            t.tcp.put(s, e);
            bound = e.localAddress();
            LOG.info("SIP {} bound {}", n.name(), spec(s, bound));
          }
          t.agents.put(s, hostPort(bound));
        }
      }
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    t.ready = true;
    return t;
  }

  private static String spec(SocketSpec s, InetSocketAddress bound) {
    return s.transport().name().toLowerCase(java.util.Locale.ROOT) + ":" + hostPort(bound);
  }

  private static String hostPort(InetSocketAddress a) {
    String host = IpLiterals.format(a.getAddress());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * Sends {@code message} from the socket {@code local} to {@code destination}; both must be of the
   * same transport. UDP: one datagram from the calling loop's channel of that socket. TCP: on the
   * open connection to the destination from that socket (inbound ones included), else on a new one
   * opened from the socket's address. Never blocks. A failure is reported to the {@link
   * TransportErrorListener} on the loop owning the message's Call-ID.
   */
  public void send(SipMessage message, SocketSpec local, Destination destination) {
    send(
        message,
        local,
        destination,
        cause -> errors.onTransportError(message, local, destination, cause));
  }

  /**
   * {@link #send(SipMessage, SocketSpec, Destination)} with a failure callback of its own instead
   * of the {@link TransportErrorListener} (a transaction that wants its own send's outcome). The
   * callback runs once, on the loop owning the message's Call-ID.
   */
  public void send(
      SipMessage message,
      SocketSpec local,
      Destination destination,
      java.util.function.Consumer<Throwable> onFailure) {
    if (local.transport() != destination.transport()) {
      throw new IllegalArgumentException(
          "socket " + local + " cannot send to " + destination + ": transports differ");
    }
    ByteBuf content = encode(message);
    counters.sent.increment();
    if (local.transport() == Transport.UDP) {
      UdpEndpoint e = endpoint(udp, local);
      SipTap t = tap;
      if (t != null) {
        t.sent(message, content, local, e.localAddress(), destination.address());
      }
      InetSocketAddress to = destination.address();
      (message instanceof io.isthmus.sip.message.SipRequest && watched.test(to)
              ? e.sendWatched(content, to, loops)
              : e.send(content, to, loops))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  failed(message, onFailure, f.cause());
                }
              });
      return;
    }
    TcpEndpoint e = endpoint(tcp, local);
    InetSocketAddress remote = destination.address();
    SipConnection c = connections.find(local, remote);
    if (c == null) {
      EventLoop loop = loops.current();
      EventLoop on = loop != null ? loop : loopForOrAny(message);
      c = connections.findOrOpen(local, remote, () -> e.connect(remote, on));
    }
    SipTap t = tap;
    if (t != null) {
      t.sent(message, content, local, localOf(c, e), remote);
    }
    c.write(content, cause -> failed(message, onFailure, cause));
  }

  /**
   * Which destinations are watched for ICMP errors (the gateways): requests to them over UDP leave
   * on a socket connected to them, whose errors reach {@link TransportErrorListener#onUnreachable}.
   * Called once the gateways are known; the test runs on every UDP request sent.
   */
  public void watch(java.util.function.Predicate<InetSocketAddress> destinations) {
    this.watched = java.util.Objects.requireNonNull(destinations, "destinations");
  }

  /** UDP sockets connected to watched destinations, open now (all sockets, all loops). */
  public int watchedSockets() {
    int n = 0;
    for (UdpEndpoint e : udp.values()) {
      n += e.connectedCount();
    }
    return n;
  }

  /**
   * Sends a response to a request that arrived on {@code requestFlow}: on its TCP connection while
   * that is open (RFC 3261 §18.2.2), else from the flow's socket to the destination its top Via
   * names ({@link ResponseRouter}). An unroutable response is reported as a transport error.
   */
  public void respond(Flow requestFlow, SipResponse response) {
    SipConnection c = requestFlow.connection();
    Destination fallback = new Destination(requestFlow.transport(), requestFlow.remote());
    if (c != null && c.usable()) {
      counters.sent.increment();
      ByteBuf content = encode(response);
      SipTap t = tap;
      if (t != null) {
        t.sent(response, content, requestFlow.local(), c.localAddress(), c.remote());
      }
      c.write(
          content,
          cause ->
              failed(
                  response,
                  x -> errors.onTransportError(response, requestFlow.local(), fallback, x),
                  cause));
      return;
    }
    Destination d;
    try {
      d = ResponseRouter.destinationFor(response);
    } catch (UnroutableResponseException e) {
      failed(response, x -> errors.onTransportError(response, requestFlow.local(), fallback, x), e);
      return;
    }
    if (d.transport() != requestFlow.transport()) {
      // the Via names another transport than the request used: answer on the request's
      d = new Destination(requestFlow.transport(), d.address());
    }
    send(response, requestFlow.local(), d);
  }

  /**
   * Sets the tap that sees every message received and sent (HEP capture), or null for none. Set
   * once after start; messages already on their way may miss it.
   */
  public void tap(SipTap tap) {
    this.tap = tap;
  }

  /** The tap, or null. */
  SipTap tap() {
    return tap;
  }

  /** The local address of a TCP connection, or of its socket while it is still connecting. */
  private static InetSocketAddress localOf(SipConnection c, TcpEndpoint e) {
    InetSocketAddress a = c.isOpen() ? c.localAddress() : null;
    return a != null ? a : new InetSocketAddress(e.localAddress().getAddress(), 0);
  }

  /** Writes transport-generated bytes (400, 403) back along {@code flow}. */
  void reply(Flow flow, byte[] bytes) {
    counters.sent.increment();
    ByteBuf content = Unpooled.wrappedBuffer(bytes);
    if (flow.connection() != null) {
      flow.connection().write(content, cause -> logReplyFailure(flow, cause));
    } else {
      endpoint(udp, flow.local())
          .send(content, flow.remote(), loops)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  logReplyFailure(flow, f.cause());
                }
              });
    }
  }

  private void logReplyFailure(Flow flow, Throwable cause) {
    counters.sendErrors.increment();
    LOG.debug("stateless answer to {} failed: {}", flow.remote(), cause.toString());
  }

  /** One copy: the message bytes straight into a pooled direct buffer. */
  private static ByteBuf encode(SipMessage message) {
    int size = message.size();
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(size);
    message.writeTo(buf.nioBuffer(0, size));
    buf.writerIndex(size);
    return buf;
  }

  private void failed(
      SipMessage message, java.util.function.Consumer<Throwable> onFailure, Throwable cause) {
    counters.sendErrors.increment();
    EventLoop owner = loopForOrAny(message);
    if (owner.inEventLoop()) {
      onFailure.accept(cause);
    } else {
      owner.execute(() -> onFailure.accept(cause));
    }
  }

  private EventLoop loopForOrAny(SipMessage message) {
    try {
      return loops.loopFor(message.callId());
    } catch (SipParseException e) {
      return loops.loop(0);
    }
  }

  private static <E> E endpoint(Map<SocketSpec, E> map, SocketSpec local) {
    E e = map.get(local);
    if (e == null) {
      throw new IllegalArgumentException("not a bound socket of these networks: " + local);
    }
    return e;
  }

  /** The loop that owns the call with this Call-ID ({@link LoopGroup#loopFor}). */
  public EventLoop loopFor(String callId) {
    return loops.loopFor(callId);
  }

  /** The loops this transport runs on. */
  public LoopGroup loops() {
    return loops;
  }

  /** The networks whose sockets this transport bound. */
  public Networks networks() {
    return networks;
  }

  /** The address and port {@code socket} is bound to (the real port when configured as 0). */
  public InetSocketAddress localAddress(SocketSpec socket) {
    return socket.transport() == Transport.UDP
        ? endpoint(udp, socket).localAddress()
        : endpoint(tcp, socket).localAddress();
  }

  /** {@code host:port} of the bound socket, as a Via sent-by or warn-agent. */
  public String agent(SocketSpec socket) {
    String a = agents.get(socket);
    if (a == null) {
      throw new IllegalArgumentException("not a bound socket of these networks: " + socket);
    }
    return a;
  }

  /** How many channels serve a UDP socket (one per loop with SO_REUSEPORT, else one). */
  public int udpChannelCount(SocketSpec socket) {
    return endpoint(udp, socket).channelCount();
  }

  /** The local addresses of each channel of a UDP socket (all equal with SO_REUSEPORT). */
  public List<InetSocketAddress> udpChannelAddresses(SocketSpec socket) {
    UdpEndpoint e = endpoint(udp, socket);
    List<InetSocketAddress> out = new ArrayList<>();
    for (int i = 0; i < e.channelCount(); i++) {
      out.add((InetSocketAddress) e.channel(i).localAddress());
    }
    return out;
  }

  /** The TCP connections open now, inbound and outbound. */
  public List<SipConnection> connections() {
    return connections.snapshot();
  }

  /** True once every socket is bound, until {@link #close()}: the readiness for /health. */
  public boolean ready() {
    return ready;
  }

  public TransportCounters counters() {
    return counters;
  }

  /** TLS handshakes by direction and outcome. */
  public TlsCounters tlsCounters() {
    return tlsCounters;
  }

  /** The TLS contexts by network name (empty without TLS sockets). */
  public Map<String, TlsContext> tlsContexts() {
    return tls;
  }

  /**
   * Re-reads every network's certificate files ({@code ctl reload}, SIGHUP): open connections keep
   * their session, new handshakes get the new certificate. A network whose files fail keeps its
   * running certificate and is named in the returned errors.
   */
  public List<String> reloadTls() {
    List<String> failed = new ArrayList<>();
    for (TlsContext c : tls.values()) {
      try {
        c.reload();
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("TLS certificate of network {} not reloaded: {}", c.network(), e.getMessage());
        failed.add(c.network() + ": " + e.getMessage());
      }
    }
    return failed;
  }

  /**
   * RFC 5923: a request on a TLS connection whose top Via carries {@code alias} lets the proxy send
   * its requests to the Via's sent-by over that same connection. Honoured only when the peer proved
   * its identity with a certificate (§10: an alias must not let a peer capture another's traffic).
   */
  void alias(Flow flow, io.isthmus.sip.header.Via via) {
    SipConnection c = flow.connection();
    if (c == null || flow.transport() != Transport.TLS || !via.parameters().contains("alias")) {
      return;
    }
    if (!c.peerVerified()) {
      return;
    }
    io.isthmus.sip.uri.Host host = via.sentByHost();
    if (host.kind() == io.isthmus.sip.uri.Host.Kind.DOMAIN) {
      return;
    }
    try {
      InetSocketAddress as =
          new InetSocketAddress(
              java.net.InetAddress.getByAddress(host.address()),
              via.port() > 0 ? via.port() : Transport.DEFAULT_TLS_PORT);
      if (!as.equals(c.remote())) {
        connections.alias(c, as);
      }
    } catch (java.net.UnknownHostException e) {
      // a literal that parsed cannot fail here
    }
  }

  /** Closes every socket and connection and waits for them; the loops keep running. */
  @Override
  public void close() {
    ready = false;
    for (UdpEndpoint e : udp.values()) {
      e.close();
    }
    for (TcpEndpoint e : tcp.values()) {
      e.close();
    }
    for (SipConnection c : connections.snapshot()) {
      c.close().awaitUninterruptibly();
    }
  }
}
