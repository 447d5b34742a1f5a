package io.isthmus.app.wiring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the warm-up's calls out of the operator's log: the proxy writes an INFO line per call event
 * ("call ID: started ..."), and thousands of warm-up calls would bury the start-up lines. An INFO
 * or DEBUG event whose first argument is a warm-up Call-ID is dropped; warnings and errors about a
 * warm-up call still show. Installed for the warm-up only: a turbo filter runs on every log call.
 */
final class WarmUpLogFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (params != null
        && params.length > 0
        && params[0] instanceof String id
        && id.startsWith(WarmUp.CALL_ID_PREFIX)
        && !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /** Installs a filter on Logback (the app's backend); null when another backend is bound. */
  static WarmUpLogFilter install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    WarmUpLogFilter f = new WarmUpLogFilter();
    f.start();
    context.addTurboFilter(f);
    return f;
  }

  /** Removes the filter again. */
  void remove() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getTurboFilterList().remove(this);
    }
    stop();
  }
}
