package io.isthmus.app.wiring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.isthmus.app.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/** Puts the config's {@code logging:} levels onto Logback, which the app ships as its backend. */
public final class LogLevels {
  private LogLevels() {}

  /** Sets the root level and each named logger's level. */
  public static void apply(LoggingConfig logging) {
    set(org.slf4j.Logger.ROOT_LOGGER_NAME, logging.level());
    logging.loggers().forEach(LogLevels::set);
  }

  private static void set(String name, LoggingConfig.Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger) {
      logger.setLevel(Level.toLevel(level.name()));
    }
  }
}
