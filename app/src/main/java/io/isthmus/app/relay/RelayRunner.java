package io.isthmus.app.relay;

import ch.qos.logback.classic.Level;
import io.isthmus.ha.relay.RelayReplication;
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
  private final RelayOptions.Settings settings;
  private volatile NgServer server;
  private volatile RelayReplication replication;
  private CliListener cli;
  private HttpListener http;

  private RelayRunner(RelayOptions.Settings settings, RelayCommandHandler handler) {
    this.settings = settings;
    this.handler = handler;
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
   * HTTP listener) and starts serving. With {@code --redis} the NG socket is bound only once the
   * relay holds its node ({@link RelayReplication}): at once for a node nobody holds, after the
   * takeover for a standby.
   */
  public static RelayRunner start(
      RelayOptions.Settings settings, RelayOptions.OperatorListeners listeners)
      throws InterruptedException, IOException {
    applyLogLevel(settings.logLevel());
    settings.warnings().forEach(log::warn);
    RelayCommandHandler handler =
        RelayCommandHandler.start(settings.relay(), settings.control(), CallListener.none());
    RelayRunner runner = new RelayRunner(settings, handler);
    try {
      if (settings.ha() == null) {
        runner.serveNg();
      }
      RelayCli commands = RelayCli.of(handler.operator(), settings.relay().interfaces());
      if (listeners.cli() != null) {
        runner.cli = CliListener.start(listeners.cli(), commands);
        log.info("relay: CLI on {}", runner.cli.localAddress());
      }
      if (listeners.http() != null) {
        runner.http =
            HttpListener.start(listeners.http(), handler.operator(), commands, runner::haMetrics);
        log.info("relay: HTTP (/ping, /metrics, /cli/) on {}", runner.http.localAddress());
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      runner.close();
      throw e;
    }
    if (settings.pidfile() != null) {
      Files.writeString(
          settings.pidfile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }
    if (settings.ha() != null) {
      log.info(
          "relay: node {} in Redis {}; NG on {} once the node is ours",
          settings.ha().node(),
          settings.ha().read(),
          settings.listenNg());
      runner.replication =
          RelayReplication.start(
              handler.relay(),
              settings.ha(),
              new RelayReplication.Role() {
                @Override
                public void active() throws InterruptedException {
                  runner.serveNg();
                }

                @Override
                public void fenced(String reason) {
                  log.error("relay: {}; exiting", reason);
                  Thread.ofPlatform().start(() -> System.exit(3));
                }
              });
    }
    return runner;
  }

  private void serveNg() throws InterruptedException {
    server = NgServer.start(NgServerConfig.defaults().withBind(settings.listenNg()), handler);
    log.info(
        "relay: NG on {}, interfaces {}, ports {}-{}",
        server.localAddress(),
        settings.relay().interfaces().stream()
            .map(LogicalInterface::toSpec)
            .collect(Collectors.joining(" ")),
        settings.relay().portMin(),
        settings.relay().portMax());
  }

  private String haMetrics() {
    RelayReplication r = replication;
    return r == null ? "" : r.prometheus();
  }

  /** The NG socket actually bound (its port when 0 was asked); null until the node is ours. */
  public java.net.InetSocketAddress ngAddress() {
    NgServer s = server;
    return s == null ? null : s.localAddress();
  }

  /** The command layer, for in-process users (the proxy's in-process binding, tests). */
  public RelayCommandHandler handler() {
    return handler;
  }

  /** The replication, or null without --redis. */
  public RelayReplication replication() {
    return replication;
  }

  /** The CLI port bound, or null when none was asked for. */
  public java.net.InetSocketAddress cliAddress() {
    return cli == null ? null : cli.localAddress();
  }

  /** The HTTP listener bound, or null when none was asked for. */
  public java.net.InetSocketAddress httpAddress() {
    return http == null ? null : http.localAddress();
  }

  /**
   * Stops serving and deletes every call (ports returned). With --redis the calls stay in Redis:
   * the standby (or this relay, restarted) restores them; the node is released once the sockets are
   * closed, so a standby takes it over at once.
   */
  @Override
  public void close() {
    int calls = handler.callCount();
    if (http != null) {
      http.close();
    }
    if (cli != null) {
      cli.close();
    }
    NgServer s = server;
    if (s != null) {
      s.close();
    }
    RelayReplication r = replication;
    if (r != null) {
      r.detach();
    }
    handler.close();
    if (r != null) {
      r.close();
    }
    if (settings.pidfile() != null) {
      try {
        Files.deleteIfExists(settings.pidfile());
      } catch (IOException e) {
        log.warn("cannot remove pid file {}: {}", settings.pidfile(), e.getMessage());
      }
    }
    log.info(
        "relay stopped: {} call(s) deleted, all ports returned{}",
        calls,
        r != null ? " (kept in Redis for the next holder of the node)" : "");
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
