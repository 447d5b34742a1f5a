package io.isthmus.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running config, and its reload: a new file is validated in full and swapped in only when
 * valid; otherwise the running config stays untouched and the errors are returned. Readers call
 * {@link #current()} from any thread; reloads (SIGHUP, the admin API) are serialized.
 */
public final class ConfigHolder {

  /** Told about each successful reload, on the reloading thread, after the swap. */
  @FunctionalInterface
  public interface Listener {
    void configChanged(IsthmusConfig previous, IsthmusConfig current);
  }

  private final ConfigLoader loader;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile IsthmusConfig current;

  /** A holder running {@code initial}, reloading through {@code loader}. */
  public ConfigHolder(ConfigLoader loader, IsthmusConfig initial) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.current = Objects.requireNonNull(initial, "initial");
  }

  /** The running config. */
  public IsthmusConfig current() {
    return current;
  }

  /** Adds a listener for successful reloads. */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Reads {@code file}; when valid, makes it the running config and tells every listener. Returns
   * the result either way: on {@link ConfigResult.Invalid} nothing changed.
   *
   * <p>A listener that throws does not stop the others; the first exception is rethrown after all
   * were called (the new config is running by then).
   */
  public synchronized ConfigResult reload(Path file) {
    ConfigResult result = loader.read(file);
    if (result instanceof ConfigResult.Valid(IsthmusConfig next)) {
      IsthmusConfig previous = current;
      current = next;
      RuntimeException failure = null;
      for (Listener l : listeners) {
        try {
          l.configChanged(previous, next);
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    return result;
  }
}
