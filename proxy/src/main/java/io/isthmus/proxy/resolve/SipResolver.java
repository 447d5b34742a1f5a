package io.isthmus.proxy.resolve;

import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.SipUri;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Locating a SIP server from a URI (RFC 3263 §4), asynchronously on the caller's event loop with
 * Netty's DNS resolver (one per loop, asking only the configured servers, never the hosts file):
 *
 * <ol>
 *   <li>an IP literal is used as it is (port 5060, UDP unless the URI says otherwise);
 *   <li>a port in the URI: A/AAAA of the host, that port;
 *   <li>a {@code transport} parameter without port: SRV {@code _sip._udp|_tcp.host}, else A/AAAA
 *       with 5060;
 *   <li>neither: NAPTR of the host (services {@code SIP+D2U}, {@code SIP+D2T}, flag {@code s}, by
 *       order then preference) leading to SRV names; without NAPTR, SRV {@code _sip._udp} then
 *       {@code _sip._tcp}; without SRV, A/AAAA with 5060 over UDP.
 * </ol>
 *
 * A {@code sips:} URI with a host name is not resolved (its stage fails): its targets would be
 * reached over UDP/TCP, not TLS. SRV records are ordered by priority and, within a priority, by RFC
 * 2782's weighted random pick; every address of every target follows, so a caller can fail over
 * along the list. NAPTR and SRV answers are cached for their TTL (capped by {@link
 * DnsSettings#maxTtl()}); addresses by Netty's own TTL cache. Nothing blocks: the stage completes
 * on the loop that asked.
 */
public final class SipResolver implements AutoCloseable {
  private final io.isthmus.proxy.transport.LoopGroup loops;
  private final boolean epoll;
  private final LongSupplier nanos;

  /** The settings in force with the per-loop resolvers made from them: replaced as one. */
  private volatile Generation generation;

  private record Generation(
      DnsSettings settings,
      Map<EventLoop, DnsNameResolver> resolvers,
      Map<String, Cached> records) {
    Generation(DnsSettings settings) {
      this(settings, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  private record Cached(List<Object> records, long expires) {}

  /** A SRV record (RFC 2782). */
  record Srv(int priority, int weight, int port, String target) {}

  /** A NAPTR record (RFC 3403), as far as RFC 3263 uses it. */
  record Naptr(int order, int preference, String flags, String services, String replacement) {}

  /** A resolver for the loops of {@code loops}, each with its own DNS socket. */
  public SipResolver(DnsSettings settings, io.isthmus.proxy.transport.LoopGroup loops) {
    this(settings, loops, System::nanoTime);
  }

  SipResolver(
      DnsSettings settings, io.isthmus.proxy.transport.LoopGroup loops, LongSupplier nanos) {
    this.generation = new Generation(settings);
    this.loops = loops;
    this.epoll = loops.epoll();
    this.nanos = nanos;
  }

  /**
   * {@link #resolve(SipUri, EventLoop)} on the calling loop (completing there), or, called off the
   * loops, on the first loop.
   */
  public CompletionStage<List<Target>> resolve(SipUri uri) {
    EventLoop current = loops.current();
    if (current != null) {
      return resolve(uri, current);
    }
    EventLoop first = loops.loop(0);
    CompletableFuture<List<Target>> out = new CompletableFuture<>();
    first.execute(
        () ->
            resolve(uri, first)
                .whenComplete(
                    (t, e) -> {
                      if (e != null) {
                        out.completeExceptionally(e);
                      } else {
                        out.complete(t);
                      }
                    }));
    return out;
  }

  /** The settings in force. */
  public DnsSettings settings() {
    return generation.settings();
  }

  /**
   * From now on names are resolved with {@code next} (a config reload changed the servers, the
   * timeout or the TTL cap), with an empty cache. Lookups already under way finish with the old
   * servers, whose sockets close once the old query timeout has passed twice.
   *
   * @return false when {@code next} equals the settings in force (nothing changed)
   */
  public boolean reconfigure(DnsSettings next) {
    Generation old;
    synchronized (this) {
      old = generation;
      if (old.settings().equals(next)) {
        return false;
      }
      generation = new Generation(next);
    }
    long grace = old.settings().timeout().toMillis() * 2;
    loops
        .loop(0)
        .schedule(
            () -> old.resolvers().values().forEach(DnsNameResolver::close),
            grace,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    return true;
  }

  /** Whether {@code uri} needs DNS at all (its host is a name, not an IP literal). */
  public static boolean needsDns(SipUri uri) {
    return uri.hostAddress().kind() == Host.Kind.DOMAIN;
  }

  /**
   * The targets of {@code uri} in the order to try them; empty when the name resolves to nothing.
   * Must be called on {@code loop}; completes there.
   */
  public CompletionStage<List<Target>> resolve(SipUri uri, EventLoop loop) {
    Transport given;
    try {
      given = uri.transport() == null ? null : Transport.fromViaName(uri.transport());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    Transport transport = given == null ? Transport.UDP : given;
    Host host = uri.hostAddress();
    int port = uri.port() > 0 ? uri.port() : Transport.DEFAULT_PORT;
    if (host.kind() != Host.Kind.DOMAIN) {
      try {
        InetAddress a = InetAddress.getByAddress(host.address());
        return CompletableFuture.completedFuture(
            List.of(new Target(transport, new InetSocketAddress(a, port), "literal")));
      } catch (UnknownHostException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    if (uri.secure()) {
      // RFC 3263 for sips: is _sips._tcp and SIPS+D2T over TLS; what this resolver finds would be
      // reached without TLS, so a sips: name resolves to nothing rather than to a plain target
      return CompletableFuture.failedFuture(
          new UnknownHostException("sips: host names are not resolved: " + uri.host()));
    }
    String name = trimDot(uri.host().toLowerCase(Locale.ROOT));
    Generation g = generation;
    DnsNameResolver r = resolver(g, loop);
    if (uri.port() > 0) {
      return addresses(r, name, port, transport, "A/AAAA " + name);
    }
    if (given != null) {
      return srvTargets(r, srvName(given, name), given, "")
          .thenCompose(
              t ->
                  t.isEmpty()
                      ? addresses(r, name, port, given, "A/AAAA " + name)
                      : CompletableFuture.completedFuture(t));
    }
    return lookup(r, name, DnsRecordType.NAPTR)
        .thenCompose(
            naptrs -> {
              List<Naptr> usable = usableNaptrs(naptrs);
              if (!usable.isEmpty()) {
                return naptrTargets(r, name, usable);
              }
              return srvTargets(r, srvName(Transport.UDP, name), Transport.UDP, "")
                  .thenCompose(
                      udp ->
                          srvTargets(r, srvName(Transport.TCP, name), Transport.TCP, "")
                              .thenCompose(
                                  tcp -> {
                                    if (udp.isEmpty() && tcp.isEmpty()) {
                                      return addresses(
                                          r, name, port, Transport.UDP, "A/AAAA " + name);
                                    }
                                    List<Target> all = new ArrayList<>(udp);
                                    all.addAll(tcp);
                                    return CompletableFuture.completedFuture(all);
                                  }));
            });
  }

  private static String srvName(Transport t, String host) {
    return "_sip._" + t.name().toLowerCase(Locale.ROOT) + "." + host;
  }

  private static List<Naptr> usableNaptrs(List<Object> records) {
    List<Naptr> out = new ArrayList<>();
    for (Object o : records) {
      if (o instanceof Naptr n
          && n.flags().equalsIgnoreCase("s")
          && transportOf(n) != null
          && !n.replacement().isEmpty()) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparingInt(Naptr::order).thenComparingInt(Naptr::preference));
    return out;
  }

  private static Transport transportOf(Naptr n) {
    return switch (n.services().toUpperCase(Locale.ROOT)) {
      case "SIP+D2U" -> Transport.UDP;
      case "SIP+D2T" -> Transport.TCP;
      default -> null; // SIPS, SCTP, WS: transports this proxy does not speak
    };
  }

  private CompletionStage<List<Target>> naptrTargets(
      DnsNameResolver r, String name, List<Naptr> naptrs) {
    CompletionStage<List<Target>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (Naptr n : naptrs) {
      Transport t = transportOf(n);
      String via = "NAPTR " + name + " " + n.services() + " -> ";
      all =
          all.thenCompose(
              acc ->
                  srvTargets(r, n.replacement(), t, via)
                      .thenApply(
                          more -> {
                            acc.addAll(more);
                            return acc;
                          }));
    }
    return all;
  }

  private CompletionStage<List<Target>> srvTargets(
      DnsNameResolver r, String srvName, Transport t, String via) {
    return lookup(r, srvName, DnsRecordType.SRV)
        .thenCompose(
            found -> {
              List<Srv> srvs = new ArrayList<>();
              for (Object o : found) {
                if (o instanceof Srv s && !s.target().isEmpty() && !s.target().equals(".")) {
                  srvs.add(s); // target "." means: no such service here (RFC 2782)
                }
              }
              CompletionStage<List<Target>> all =
                  CompletableFuture.completedFuture(new ArrayList<>());
              for (Srv s : order(srvs)) {
                String path =
                    via
                        + "SRV "
                        + srvName
                        + " (priority "
                        + s.priority()
                        + ", weight "
                        + s.weight()
                        + ") -> A/AAAA "
                        + s.target();
                all =
                    all.thenCompose(
                        acc ->
                            addresses(r, s.target(), s.port(), t, path)
                                .thenApply(
                                    more -> {
                                      acc.addAll(more);
                                      return acc;
                                    }));
              }
              return all;
            });
  }

  /** RFC 2782: ascending priority; within one, repeated weighted random picks. */
  static List<Srv> order(List<Srv> srvs) {
    return order(srvs, ThreadLocalRandom.current());
  }

  static List<Srv> order(List<Srv> srvs, java.util.random.RandomGenerator random) {
    List<Srv> sorted = new ArrayList<>(srvs);
    sorted.sort(Comparator.comparingInt(Srv::priority));
    List<Srv> out = new ArrayList<>(sorted.size());
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).priority() == sorted.get(i).priority()) {
        j++;
      }
      List<Srv> group = new ArrayList<>(sorted.subList(i, j));
      // zero weights first, so that they have a very small chance when others exist
      group.sort(Comparator.comparingInt(Srv::weight));
      while (!group.isEmpty()) {
        int total = 0;
        for (Srv s : group) {
          total += s.weight();
        }
        int pick = random.nextInt(total + 1);
        int sum = 0;
        int k = 0;
        for (; k < group.size(); k++) {
          sum += group.get(k).weight();
          if (sum >= pick) {
            break;
          }
        }
        out.add(group.remove(Math.min(k, group.size() - 1)));
      }
      i = j;
    }
    return out;
  }

  private CompletionStage<List<Target>> addresses(
      DnsNameResolver r, String host, int port, Transport t, String via) {
    CompletableFuture<List<Target>> out = new CompletableFuture<>();
    r.resolveAll(trimDot(host))
        .addListener(
            f -> {
              List<Target> targets = new ArrayList<>();
              if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addrs = (List<InetAddress>) f.getNow();
                for (InetAddress a : addrs) {
                  targets.add(new Target(t, new InetSocketAddress(a, port), via));
                }
              }
              out.complete(targets);
            });
    return out;
  }

  /** NAPTR or SRV records of {@code name}, decoded, from the cache while their TTL lasts. */
  private CompletionStage<List<Object>> lookup(DnsNameResolver r, String name, DnsRecordType type) {
    String key = type.name() + " " + name;
    long now = nanos.getAsLong();
    Generation g = generation;
    Map<String, Cached> records = g.records();
    DnsSettings settings = g.settings();
    Cached c = records.get(key);
    if (c != null && c.expires() - now > 0) {
      return CompletableFuture.completedFuture(c.records());
    }
    CompletableFuture<List<Object>> out = new CompletableFuture<>();
    r.resolveAll(new DefaultDnsQuestion(name, type))
        .addListener(
            f -> {
              List<Object> decoded = new ArrayList<>();
              long ttl = settings.maxTtl().toSeconds();
              if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<DnsRecord> found = (List<DnsRecord>) f.getNow();
                for (DnsRecord rec : found) {
                  try {
                    if (rec instanceof DnsRawRecord raw && rec.type().equals(type)) {
                      Object d = decode(type, raw.content());
                      if (d != null) {
                        decoded.add(d);
                        ttl = Math.min(ttl, rec.timeToLive());
                      }
                    }
                  } finally {
                    ReferenceCountUtil.release(rec);
                  }
                }
              }
              if (!decoded.isEmpty() && ttl > 0) {
                records.put(key, new Cached(List.copyOf(decoded), now + ttl * 1_000_000_000L));
              }
              out.complete(decoded);
            });
    return out;
  }

  private static Object decode(DnsRecordType type, ByteBuf in) {
    ByteBuf b = in.duplicate();
    try {
      if (type.equals(DnsRecordType.SRV)) {
        int priority = b.readUnsignedShort();
        int weight = b.readUnsignedShort();
        int port = b.readUnsignedShort();
        return new Srv(priority, weight, port, trimDot(DefaultDnsRecordDecoder.decodeName(b)));
      }
      int order = b.readUnsignedShort();
      int preference = b.readUnsignedShort();
      String flags = characterString(b);
      String services = characterString(b);
      characterString(b); // regexp: RFC 3263 uses only the replacement
      String replacement = trimDot(DefaultDnsRecordDecoder.decodeName(b));
      return new Naptr(order, preference, flags, services, replacement);
    } catch (RuntimeException e) {
      return null; // a malformed record is no target
    }
  }

  private static String characterString(ByteBuf b) {
    int n = b.readUnsignedByte();
    String s = b.toString(b.readerIndex(), n, StandardCharsets.US_ASCII);
    b.skipBytes(n);
    return s;
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private DnsNameResolver resolver(Generation g, EventLoop loop) {
    return g.resolvers().computeIfAbsent(loop, l -> newResolver(g.settings(), l));
  }

  private DnsNameResolver newResolver(DnsSettings settings, EventLoop loop) {
    DnsServerAddressStreamProvider servers =
        settings.servers().isEmpty()
            ? DnsServerAddressStreamProviders.platformDefault()
            : new SequentialDnsServerAddressStreamProvider(settings.servers());
    int maxTtl = (int) Math.min(Integer.MAX_VALUE, settings.maxTtl().toSeconds());
    return new DnsNameResolverBuilder(loop)
        .datagramChannelType(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .nameServerProvider(servers)
        .queryTimeoutMillis(settings.timeout().toMillis())
        .ttl(0, maxTtl)
        .negativeTtl(Math.min(maxTtl, 5))
        .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
        .hostsFileEntriesResolver((name, types) -> null) // DNS only, as configured
        .searchDomains(List.of())
        .ndots(1)
        .recursionDesired(true)
        .build();
  }

  /** Closes the resolvers' sockets. */
  @Override
  public void close() {
    Generation g = generation;
    for (DnsNameResolver r : g.resolvers().values()) {
      r.close();
    }
    g.resolvers().clear();
  }
}
