package io.isthmus.app.admin;

import com.sun.net.httpserver.HttpServer;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.common.time.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint: the JDK's {@link HttpServer} bound to {@code admin.listen} only
 * (loopback by default: the API changes gateway states and ends calls), HTTPS with the PEM files of
 * {@code admin.tls} when given ({@link AdminTls}), one virtual thread per request, so a slow gather
 * from the loops never holds a platform thread. Also installs the SIGHUP reload while it runs.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.start(config, configFile, running);
 * admin.url(); // http://127.0.0.1:8080/
 * admin.close();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Reloader reloader;
  private final AutoCloseable hangup;
  private final PrometheusRegistry metrics;
  private final boolean https;

  private AdminServer(
      HttpServer server,
      ExecutorService executor,
      Reloader reloader,
      AutoCloseable hangup,
      PrometheusRegistry metrics,
      boolean https) {
    this.server = server;
    this.https = https;
    this.metrics = metrics;
    this.executor = executor;
    this.reloader = reloader;
    this.hangup = hangup;
  }

  /**
   * Binds {@code config.admin().listen()} and serves.
   *
   * @param configFile the file reloads re-read; null: reload answers 409 and SIGHUP is left alone
   * @throws IOException when the address cannot be bound
   */
  public static AdminServer start(IsthmusConfig config, Path configFile, Running running)
      throws IOException {
    Reloader reloader = new Reloader(configFile, ConfigLoader.forThisHost(), config, running);
    InetSocketAddress listen = config.admin().listen();
    String token = null;
    if (config.admin().tokenFile().isPresent()) {
      Path f = config.admin().tokenFile().get();
      token = java.nio.file.Files.readString(f).strip();
      if (token.length() < 16) {
        throw new IllegalStateException(
            "admin token in " + f + " is shorter than 16 characters: refusing to start");
      }
    } else if (!listen.getAddress().isLoopbackAddress()) {
      throw new IllegalStateException(
          "admin.listen " + listen + " is not loopback and admin.token-file is not set");
    }
    AdminTls tls =
        config.admin().tls().isPresent() ? AdminTls.open(config.admin().tls().get()) : null;
    HttpServer server;
    if (tls != null) {
      var https = com.sun.net.httpserver.HttpsServer.create(listen, 64); // bound from here on
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls.context()));
      server = https;
      reloader.alsoReload("admin tls certificate", tls::reload);
    } else {
      server = HttpServer.create(listen, 64); // bound from here on
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    AdminRouter router;
    try {
      server.setExecutor(executor);
      router =
          new AdminRouter(running, reloader, Clock.system())
              .withToken(token, config.admin().tokenForReads());
      server.createContext("/", router);
      server.createContext(StatusPage.PATH, new StatusPage());
      server.start();
    } catch (RuntimeException | Error e) {
      server.stop(0);
      executor.shutdownNow();
      throw e;
    }
    AutoCloseable hangup =
        configFile == null ? () -> {} : HangupSignal.install(() -> reload(reloader));
    AdminServer admin =
        new AdminServer(server, executor, reloader, hangup, router.registry(), tls != null);
    LOG.info("admin: {}", admin.url());
    return admin;
  }

  private static void reload(Reloader reloader) {
    try {
      reloader.reload(); // logs its outcome
    } catch (RuntimeException e) {
      LOG.error("SIGHUP reload failed", e);
    }
  }

  /** The bound address (the real port when the config said 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://HOST:PORT/}, or {@code https://} with {@code admin.tls}. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return (https ? "https://" : "http://") + host + ":" + a.getPort() + "/";
  }

  /** The Prometheus registry of {@code /metrics}, for metrics of parts wired after it. */
  public PrometheusRegistry metrics() {
    return metrics;
  }

  /** The reloader (the running config). */
  public Reloader reloader() {
    return reloader;
  }

  @Override
  public void close() {
    try {
      hangup.close();
    } catch (Exception e) {
      LOG.debug("SIGHUP handler not restored: {}", e.toString());
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
