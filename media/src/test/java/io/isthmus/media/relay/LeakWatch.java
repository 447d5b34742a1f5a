package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty's leak detector (paranoid in this module's surefire config) reports a
 * ByteBuf that was collected without being released.
 */
final class LeakWatch {

  private static final ListAppender<ILoggingEvent> EVENTS = new ListAppender<>();

  static {
    EVENTS.start();
    ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(EVENTS);
  }

  private LeakWatch() {}

  /** Forgets reports from earlier tests. */
  static void reset() {
    synchronized (EVENTS) {
      EVENTS.list.clear();
    }
  }

  /** Collects garbage, lets the detector report, and asserts it reported nothing. */
  static void assertNoLeaks() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    for (int i = 0; i < 3; i++) {
      System.gc();
      // Leaks are reported when the next buffer is tracked.
      ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
      probe.release();
    }
    synchronized (EVENTS) {
      assertThat(EVENTS.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(message -> message.contains("LEAK"));
    }
  }
}
