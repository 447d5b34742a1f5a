package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.isthmus.app.config.LoggingConfig;
import io.isthmus.app.wiring.LogLevels;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLevelsTest {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger calls = (Logger) LoggerFactory.getLogger("io.isthmus.calls");
  private final Level rootBefore = root.getLevel();

  @AfterEach
  void restore() {
    root.setLevel(rootBefore);
    calls.setLevel(null);
  }

  @Test
  void appliesTheRootLevelAndEachLoggersLevel() {
    LogLevels.apply(
        new LoggingConfig(
            LoggingConfig.Level.WARN, Map.of("io.isthmus.calls", LoggingConfig.Level.DEBUG)));

    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(calls.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(LoggerFactory.getLogger("io.isthmus.proxy.core").isInfoEnabled()).isFalse();
  }

  @Test
  void offSilencesALogger() {
    LogLevels.apply(
        new LoggingConfig(
            LoggingConfig.Level.INFO, Map.of("io.isthmus.calls", LoggingConfig.Level.OFF)));

    assertThat(calls.isErrorEnabled()).isFalse();
  }
}
