package io.isthmus.app.config;

import java.util.Map;

/**
 * {@code logging:} the log levels.
 *
 * @param level the root level
 * @param loggers levels of particular loggers (a package or class name)
 */
public record LoggingConfig(Level level, Map<String, Level> loggers) {

  /** SLF4J/Logback levels, plus off. */
  public enum Level {
    OFF,
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  /**
   * Key of the root level; default info: starts, stops, gateway state changes, reloads and one line
   * per call event (logger {@code io.isthmus.calls}); nothing per message or per packet.
   */
  public static final String KEY_LEVEL = "level";

  public static final Level DEFAULT_LEVEL = Level.INFO;

  /** Key of the per-logger levels; default none. */
  public static final String KEY_LOGGERS = "loggers";

  public static final LoggingConfig DEFAULTS = new LoggingConfig(DEFAULT_LEVEL, Map.of());

  public LoggingConfig {
    loggers = Map.copyOf(loggers);
  }
}
