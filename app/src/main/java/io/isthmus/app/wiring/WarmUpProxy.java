package io.isthmus.app.wiring;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.config.MediaFlags;
import io.isthmus.app.config.NetworkConfig;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.proxy.core.Proxy;
import io.isthmus.proxy.core.ProxyConfig;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.HealthMonitor;
import io.isthmus.proxy.media.InProcessMediaControl;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.media.MediaSettings;
import io.isthmus.proxy.transport.LoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's own proxy: a second {@link Proxy} on the real proxy's event loops, with two
 * networks on loopback ports of its own, its only gateway the {@link WarmUpGateway}, and the real
 * in-process relay behind an {@link InProcessMediaControl}. Its calls go through the code a real
 * call goes through (transport, transaction layer, proxy core, dispatcher, media control, relay)
 * without ever touching the real sockets, gateways or dispatcher state.
 *
 * <p>Its networks are read from a small YAML text by the app's own config reader, so the warm-up
 * builds them exactly as a config file would. Their media interfaces are the real relay's: the
 * relay allocates, rewrites and forwards on the interfaces real calls use.
 *
 * <p>Two things differ from the real proxy, both so that the warm-up leaves nothing behind soon:
 * its transaction timers are short ({@link #T1}: the wait states after a call end after 64*T1
 * instead of 32 s), and its deletes carry {@code delete-delay: 0} (the relay frees a warm-up call's
 * ports at once instead of after the configured delay).
 */
final class WarmUpProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUpProxy.class);

  /**
   * T1 of the warm-up proxy, 20 ms: Timers J, L and M (64*T1) end 1.3 s after a call instead of 32
   * s, and T4 (Timer K) is as short. Timer B (64*T1) is only armed until the gateway's 100, which
   * comes from a thread of its own in well under that, even on a cold JVM.
   */
  static final String T1 = "20ms";

  private static final int BIND_ATTEMPTS = 3;

  private final Proxy proxy;
  private final InetSocketAddress callerSide;
  private final InetSocketAddress gatewaySide;

  private WarmUpProxy(Proxy proxy, InetSocketAddress callerSide, InetSocketAddress gatewaySide) {
    this.proxy = proxy;
    this.callerSide = callerSide;
    this.gatewaySide = gatewaySide;
  }

  /**
   * Starts the warm-up proxy on {@code loops}: the caller's network on {@code callerAddress}, the
   * gateway's on {@code gatewayAddress}, calls from the caller routed to {@code gateway}, media on
   * the relay interfaces {@code media} [caller side, gateway side].
   */
  static WarmUpProxy start(
      IsthmusConfig real,
      LoopGroup loops,
      NgCommandHandler relay,
      List<LogicalInterface> media,
      InetSocketAddress caller,
      InetSocketAddress gateway) {
    RuntimeException last = null;
    // The config reader wants real port numbers (port 0 is not a valid config value), so free ones
    // are looked up first; another process may take one in between, hence a few attempts.
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      InetSocketAddress callerSide = freePort(caller.getAddress());
      InetSocketAddress gatewaySide = freePort(gateway.getAddress());
      IsthmusConfig config = config(callerSide, gatewaySide, media, caller, gateway);
      HealthMonitor health =
          new HealthMonitor(
              config.dispatcher().probing().healthSettings(),
              (gw, from, to, reason) ->
                  LOG.debug("warm-up gateway {} {} -> {} ({})", gw.uri(), from, to, reason));
      Dispatcher dispatcher =
          new Dispatcher(
              config.dispatcher().gateways(),
              config.dispatcher().settings(),
              health,
              new CallLoad());
      MediaControl control =
          new InProcessMediaControl(withoutDeleteDelay(relay), plainMediaSettings(real));
      try {
        Proxy proxy =
            Proxy.start(
                ProxyConfig.DEFAULTS.withTransactions(config.transactionConfig()),
                config.proxyNetworks(),
                loops,
                config.transportConfig(),
                dispatcher,
                control);
        return new WarmUpProxy(proxy, callerSide, gatewaySide);
      } catch (RuntimeException e) {
        last = e;
        LOG.debug("warm-up proxy could not bind {} / {}: {}", callerSide, gatewaySide, e);
      }
    }
    throw last;
  }

  /** The config of the warm-up proxy, as a file would say it. */
  static IsthmusConfig config(
      InetSocketAddress callerSide,
      InetSocketAddress gatewaySide,
      List<LogicalInterface> media,
      InetSocketAddress caller,
      InetSocketAddress gateway) {
    String yaml =
        """
        networks:
          warmup-caller:
            sip: [{address: %s, port: %d, transports: [udp]}]
            media: %s
            sources: [%s/32]
            gateway-set: 1
          warmup-gateway:
            sip: [{address: %s, port: %d, transports: [udp]}]
            media: %s
            sources: [%s/32]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:%s]
            2: [sip:%s]
          no-response-timeout: 2s
        sip:
          t1: %s
          t2: %s
          t4: %s
        """
            .formatted(
                ip(callerSide),
                callerSide.getPort(),
                media.get(0).toSpec(),
                ip(caller),
                ip(gatewaySide),
                gatewaySide.getPort(),
                media.get(1).toSpec(),
                ip(gateway),
                hostPort(caller),
                hostPort(gateway),
                T1,
                T1,
                T1);
    return switch (ConfigLoader.forThisHost().parse("warm-up", yaml, Path.of("."))) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i ->
          throw new IllegalStateException("warm-up config is invalid: " + i.errors());
    };
  }

  /**
   * The NG options of the proxy's offers and answers: the config's default flags, and each
   * network's relay-flags, media-protocol and accept-media-from (Product uses it too).
   */
  static MediaSettings mediaSettings(IsthmusConfig config) {
    String defaultProtocol =
        MediaFlags.parse(config.relay().defaultFlags(), new java.util.ArrayList<>())
            .transportProtocol();
    java.util.Map<String, io.isthmus.proxy.media.NetworkMedia> networks = new java.util.HashMap<>();
    for (NetworkConfig n : config.networks()) {
      networks.put(n.media().name(), n.networkMedia(defaultProtocol));
    }
    return flagSettings(config).withNetworks(networks);
  }

  /**
   * {@link #mediaSettings} without the networks' media protocols: the warm-up's parties speak plain
   * RTP, which a network requiring SRTP would refuse.
   */
  static MediaSettings plainMediaSettings(IsthmusConfig config) {
    MediaSettings s = mediaSettings(config);
    java.util.Map<String, io.isthmus.proxy.media.NetworkMedia> plain = new java.util.HashMap<>();
    s.networks()
        .forEach(
            (name, n) ->
                plain.put(
                    name,
                    new io.isthmus.proxy.media.NetworkMedia(
                        n.flags(), n.replace(), n.ice(), n.rtcpMux(), null, n.sdpSourceOnly())));
    return s.withNetworks(plain);
  }

  private static MediaSettings flagSettings(IsthmusConfig config) {
    List<String> words = config.relay().defaultFlags();
    if (words.isEmpty()) {
      return MediaSettings.DEFAULTS;
    }
    // Written flags are the whole rtpengine_manage() string, as in Kamailio: they replace the
    // defaults (trust-address, replace-origin, ICE=remove) rather than add to them. Its direction=
    // is checked at load; each call's own is sent. Its transport protocol is every network's
    // that names none (mediaSettings above).
    MediaFlags f = MediaFlags.parse(words, new java.util.ArrayList<>()); // checked at load
    return new MediaSettings(
        f.flags(), f.replace(), f.ice(), f.rtcpMux(), MediaSettings.DEFAULTS.sendReceivedFrom());
  }

  /** The relay interfaces of the first two networks: [caller side, gateway side]. */
  static List<LogicalInterface> mediaOf(IsthmusConfig config) {
    List<LogicalInterface> all = config.networks().stream().map(NetworkConfig::media).toList();
    return all.size() >= 2 ? all.subList(0, 2) : List.of();
  }

  /** {@code relay} with every delete immediate: a warm-up call's ports come back at once. */
  static NgCommandHandler withoutDeleteDelay(NgCommandHandler relay) {
    return request -> {
      if (request.command() != NgCommand.DELETE) {
        return relay.handle(request);
      }
      BDict body = request.body();
      BDict.Builder b = BDict.builder();
      for (int i = 0; i < body.size(); i++) {
        if (!body.key(i).asString().equals("delete-delay")) {
          b.put(body.key(i), body.value(i));
        }
      }
      try {
        return relay.handle(io.isthmus.ng.NgRequest.of(b.put("delete-delay", 0).build()));
      } catch (NgException e) {
        CompletionStage<NgResponse> refused =
            CompletableFuture.completedFuture(NgResponse.error(e.reason()));
        return refused;
      }
    };
  }

  private static InetSocketAddress freePort(InetAddress address) {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(address, 0));
      return (InetSocketAddress) probe.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("no free UDP port on " + address.getHostAddress(), e);
    }
  }

  private static String ip(InetSocketAddress a) {
    return a.getAddress().getHostAddress();
  }

  private static String hostPort(InetSocketAddress a) {
    return ip(a) + ":" + a.getPort();
  }

  /** The proxy's socket on the caller's network: where the caller sends. */
  InetSocketAddress callerSide() {
    return callerSide;
  }

  /** The proxy's socket on the gateway's network. */
  InetSocketAddress gatewaySide() {
    return gatewaySide;
  }

  Proxy proxy() {
    return proxy;
  }

  /** Closes the sockets; transactions in their wait states end on their timers (64*T1). */
  @Override
  public void close() {
    proxy.close();
  }
}
