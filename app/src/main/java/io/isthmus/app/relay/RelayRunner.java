package io.isthmus.app.relay;

import ch.qos.logback.classic.Level;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone relay: the relay engine with its NG command layer, served on the NG socket. {@link
 * #close} deletes every call (ports returned) and closes the socket; the launcher calls it on
 * SIGTERM and Ctrl-C.
 */
public final class RelayRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayRunner.class);

  private final RelayCommandHandler handler;
  private final NgServer server;
  private final RelayOptions.Settings settings;
  private final CliListener cli;
  private final HttpListener http;

  private RelayRunner(
      RelayOptions.Settings settings,
      RelayCommandHandler handler,
      NgServer server,
      CliListener cli,
      HttpListener http) {
    this.settings = settings;
    this.handler = handler;
    this.server = server;
    this.cli = cli;
    this.http = http;
  }

  /**
   * Runs the call path on a throw-away relay first ({@link RelayWarmUp}), so that a fresh {@code
   * isthmus relay} sets calls up at full speed from its first one; {@code ISTHMUS_WARMUP=0} in the
   * environment skips it.
   */
  public static void warmUp(RelayOptions.Settings settings) {
    if (!"0".equals(System.getenv("ISTHMUS_WARMUP"))) {
      applyLogLevel(settings.logLevel());
      RelayWarmUp.run(settings.relay(), settings.control());
    }
  }

  /** Binds the relay's NG socket and starts serving, without operator interfaces. */
  public static RelayRunner start(RelayOptions.Settings settings)
      throws InterruptedException, IOException {
    return start(settings, new RelayOptions.OperatorListeners(null, null));
  }

  /**
   * Binds the relay's NG socket and the operator interfaces asked for (rtpengine's CLI port and
   * HTTP listener) and starts serving.
   */
  public static RelayRunner start(
      RelayOptions.Settings settings, RelayOptions.OperatorListeners listeners)
      throws InterruptedException, IOException {
    applyLogLevel(settings.logLevel());
    settings.warnings().forEach(log::warn);
    RelayCommandHandler handler =
        RelayCommandHandler.start(settings.relay(), settings.control(), CallListener.none());
    NgServer server;
    try {
      server = NgServer.start(NgServerConfig.defaults().withBind(settings.listenNg()), handler);
    } catch (RuntimeException | InterruptedException e) {
      handler.close();
      throw e;
    }
    CliListener cli = null;
    HttpListener http = null;
    try {
      RelayCli commands = RelayCli.of(handler.operator(), settings.relay().interfaces());
      if (listeners.cli() != null) {
        cli = CliListener.start(listeners.cli(), commands);
        log.info("relay: CLI on {}", cli.localAddress());
      }
      if (listeners.http() != null) {
        http = HttpListener.start(listeners.http(), handler.operator(), commands);
        log.info("relay: HTTP (/ping, /metrics, /cli/) on {}", http.localAddress());
      }
    } catch (IOException | RuntimeException e) {
      if (cli != null) {
        cli.close();
      }
      server.close();
      handler.close();
      throw e;
    }
    if (settings.pidfile() != null) {
      Files.writeString(
          settings.pidfile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }
    log.info(
        "relay: NG on {}, interfaces {}, ports {}-{}",
        server.localAddress(),
        settings.relay().interfaces().stream()
            .map(LogicalInterface::toSpec)
            .collect(Collectors.joining(" ")),
        settings.relay().portMin(),
        settings.relay().portMax());
    return new RelayRunner(settings, handler, server, cli, http);
  }

  /** The NG socket actually bound (its port when 0 was asked). */
  public java.net.InetSocketAddress ngAddress() {
    return server.localAddress();
  }

  /** The command layer, for in-process users (the proxy's in-process binding, tests). */
  public RelayCommandHandler handler() {
    return handler;
  }

  /** The CLI port bound, or null when none was asked for. */
  public java.net.InetSocketAddress cliAddress() {
    return cli == null ? null : cli.localAddress();
  }

  /** The HTTP listener bound, or null when none was asked for. */
  public java.net.InetSocketAddress httpAddress() {
    return http == null ? null : http.localAddress();
  }

  @Override
  public void close() {
    int calls = handler.callCount();
    if (http != null) {
      http.close();
    }
    if (cli != null) {
      cli.close();
    }
    server.close();
    handler.close();
    if (settings.pidfile() != null) {
      try {
        Files.deleteIfExists(settings.pidfile());
      } catch (IOException e) {
        log.warn("cannot remove pid file {}: {}", settings.pidfile(), e.getMessage());
      }
    }
    log.info("relay stopped: {} call(s) deleted, all ports returned", calls);
  }

  /** rtpengine's syslog-style levels onto Logback's. */
  static void applyLogLevel(int level) {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(
          level <= 3
              ? Level.ERROR
              : level == 4 ? Level.WARN : level <= 6 ? Level.INFO : Level.DEBUG);
    }
  }
}
