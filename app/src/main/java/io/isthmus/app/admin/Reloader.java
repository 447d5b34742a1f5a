package io.isthmus.app.admin;

import io.isthmus.app.config.ConfigError;
import io.isthmus.app.config.ConfigHolder;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file (SIGHUP, {@code POST /api/reload}): a valid file becomes the running
 * config through the {@link ConfigHolder}, and what can change live is applied at once: the gateway
 * sets ({@code Dispatcher.reload}, calls in progress keep their gateway), the DNS servers, timeout
 * and TTL cap (new lookups use them, the cache starts empty) and the probing interval and timeout
 * (the prober restarts). Everything else that changed is reported as needing a restart: sockets,
 * media interfaces and relay settings, selection and health settings, admin, logging. An invalid
 * file changes nothing.
 */
public final class Reloader {
  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  /**
   * The outcome of one reload.
   *
   * @param errors the file's errors; empty when it was valid and is running now
   * @param applied what changed live
   * @param restartRequired the sections that changed but take effect only after a restart
   */
  public record Outcome(
      String file, List<ConfigError> errors, List<String> applied, List<String> restartRequired) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private final Path file;
  private final ConfigHolder holder;
  private final Running running;

  /** A file of its own that a reload re-reads (a certificate, ...). */
  @FunctionalInterface
  public interface FileReload {
    void reload() throws java.io.IOException;
  }

  private final java.util.Map<String, FileReload> fileReloads =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile List<String> applied = List.of();
  private volatile List<String> pending = List.of();

  /**
   * @param file the config file to re-read; null when the product was started from a config in
   *     memory (reload then refuses)
   */
  public Reloader(Path file, ConfigLoader loader, IsthmusConfig initial, Running running) {
    this.file = file;
    this.holder = new ConfigHolder(loader, initial);
    this.running = Objects.requireNonNull(running, "running");
    holder.addListener(this::apply);
  }

  /** Every valid reload also runs {@code action}, reported as {@code what} (failed or not). */
  public void alsoReload(String what, FileReload action) {
    fileReloads.put(what, action);
  }

  /** The running config. */
  public IsthmusConfig current() {
    return holder.current();
  }

  /** The file reloads read, or null. */
  public Path file() {
    return file;
  }

  /** Re-reads the file; serialized by the holder. */
  public synchronized Outcome reload() {
    if (file == null) {
      throw new IllegalStateException("started without a config file: nothing to reload");
    }
    ConfigResult result = holder.reload(file);
    if (result instanceof ConfigResult.Invalid(List<ConfigError> errors)) {
      LOG.warn(
          "reload of {} refused: {} error(s); the running config is unchanged",
          file,
          errors.size());
      errors.forEach(e -> LOG.warn("  {}", e));
      return new Outcome(file.toString(), errors, List.of(), List.of());
    }
    LOG.info("reloaded {}: applied {}; restart required for {}", file, applied, pending);
    return new Outcome(file.toString(), List.of(), applied, pending);
  }

  private void apply(IsthmusConfig before, IsthmusConfig after) {
    List<String> live = new ArrayList<>();
    running.dispatcher().reload(after.dispatcher().gateways());
    live.add("dispatcher.sets");
    // certificates and credentials are files of their own: re-read whatever the config says
    var proxy = running.proxy();
    if (!proxy.transport().tlsContexts().isEmpty()) {
      List<String> failed = proxy.transport().reloadTls();
      live.add(failed.isEmpty() ? "tls certificates" : "tls certificates (failed: " + failed + ")");
    }
    for (var e : proxy.security().auth().entrySet()) {
      try {
        e.getValue().reload();
        live.add("credentials of " + e.getKey());
      } catch (java.io.IOException | RuntimeException x) {
        LOG.warn("credentials of network {} not reloaded: {}", e.getKey(), x.getMessage());
        live.add("credentials of " + e.getKey() + " (failed: " + x.getMessage() + ")");
      }
    }
    fileReloads.forEach(
        (what, action) -> {
          try {
            action.reload();
            live.add(what);
          } catch (java.io.IOException | RuntimeException x) {
            LOG.warn("{} not reloaded: {}", what, x.getMessage());
            live.add(what + " (failed: " + x.getMessage() + ")");
          }
        });
    var resolver = running.dispatcher().resolver();
    if (resolver != null
        && resolver.reconfigure(
            after
                .dispatcher()
                .resolverSettings()
                .orElse(io.isthmus.proxy.resolve.DnsSettings.DEFAULTS))) {
      live.add("dispatcher.dns");
    }
    if (!before
        .dispatcher()
        .probing()
        .probeSettings()
        .equals(after.dispatcher().probing().probeSettings())) {
      running.probing().restart(after.dispatcher().probing().probeSettings());
      live.add("dispatcher.probing");
    }
    applied = List.copyOf(live);
    pending = List.copyOf(restartRequired(before, after));
  }

  /** The sections that differ but are read only at start. */
  static List<String> restartRequired(IsthmusConfig before, IsthmusConfig after) {
    List<String> out = new ArrayList<>();
    if (!before.networks().equals(after.networks())) {
      out.add("networks");
    }
    if (!before.dispatcher().settings().equals(after.dispatcher().settings())) {
      out.add("dispatcher (algorithm, failover, timeouts)");
    }
    if (!before
        .dispatcher()
        .probing()
        .healthSettings()
        .equals(after.dispatcher().probing().healthSettings())) {
      out.add("dispatcher.probing (mode, thresholds)");
    }
    if (!before.relay().equals(after.relay())) {
      out.add("relay");
    }
    if (!before.sip().equals(after.sip())) {
      out.add("sip");
    }
    if (!before.admin().equals(after.admin())) {
      out.add("admin");
    }
    if (!before.logging().equals(after.logging())) {
      out.add("logging");
    }
    if (!before.ha().describe().equals(after.ha().describe())
        || !java.util.Objects.equals(before.ha().redis(), after.ha().redis())) {
      out.add("ha");
    }
    return out;
  }
}
