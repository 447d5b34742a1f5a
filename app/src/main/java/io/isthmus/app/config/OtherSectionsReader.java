package io.isthmus.app.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Binds the small sections: {@code sip:}, {@code admin:} and {@code logging:}. */
final class OtherSectionsReader {
  private static final Converter<LoggingConfig.Level> LEVEL;

  static {
    Map<String, LoggingConfig.Level> names = new LinkedHashMap<>();
    for (LoggingConfig.Level l : LoggingConfig.Level.values()) {
      names.put(l.name().toLowerCase(Locale.ROOT), l);
    }
    LEVEL = Converters.enumeration("a log level", names);
  }

  private OtherSectionsReader() {}

  static SipConfig sip(MappingReader root) {
    MappingReader m = root.section(IsthmusConfig.KEY_SIP, "the keys t1, t2, t4, timer-c, ...");
    SipConfig d = SipConfig.DEFAULTS;
    Duration t1 = m.positiveDuration(SipConfig.KEY_T1, d.t1());
    Duration t2 = m.positiveDuration(SipConfig.KEY_T2, d.t2());
    Duration t4 = m.positiveDuration(SipConfig.KEY_T4, d.t4());
    Duration timerC = m.positiveDuration(SipConfig.KEY_TIMER_C, d.timerC());
    Duration idle = m.positiveDuration(SipConfig.KEY_TCP_IDLE_TIMEOUT, d.tcpIdleTimeout());
    Duration connect = m.positiveDuration(SipConfig.KEY_TCP_CONNECT_TIMEOUT, d.tcpConnectTimeout());
    Duration lifetime = m.positiveDuration(SipConfig.KEY_DIALOG_LIFETIME, d.dialogLifetime());
    m.finish();
    if (t2.compareTo(t1) < 0) {
      String key = m.path(SipConfig.KEY_T2);
      m.errors()
          .add(
              m.lines().of(key),
              key,
              Durations.format(t2)
                  + " is below t1 "
                  + Durations.format(t1)
                  + " (expected t2 >= t1: T2 caps the doubling that starts at T1, RFC 3261"
                  + " §17.1.2.2)");
      return null;
    }
    return new SipConfig(t1, t2, t4, timerC, idle, connect, lifetime);
  }

  static AdminConfig admin(MappingReader root) {
    return admin(root, java.nio.file.Path.of("."));
  }

  static AdminConfig admin(MappingReader root, java.nio.file.Path dir) {
    MappingReader m =
        root.section(IsthmusConfig.KEY_ADMIN, "the keys listen, token-file, token-for-reads, tls");
    var listen =
        m.value(AdminConfig.KEY_LISTEN, AdminConfig.DEFAULT_LISTEN, Converters.SOCKET_ADDRESS);
    String token = m.value(AdminConfig.KEY_TOKEN_FILE, null, Converters.TEXT);
    Boolean reads = m.value(AdminConfig.KEY_TOKEN_FOR_READS, false, Converters.BOOLEAN);
    java.util.Optional<AdminConfig.Tls> tls = java.util.Optional.empty();
    MappingReader t = m.section(AdminConfig.KEY_TLS, "the keys certificate, key");
    if (m.has(AdminConfig.KEY_TLS)) {
      String cert = t.required("certificate", Converters.TEXT);
      String key = t.required("key", Converters.TEXT);
      t.finish();
      if (cert != null && key != null) {
        tls = java.util.Optional.of(new AdminConfig.Tls(dir.resolve(cert), dir.resolve(key)));
      }
    }
    m.finish();
    if (listen != null && token == null && !listen.getAddress().isLoopbackAddress()) {
      m.errors()
          .add(
              m.line(),
              m.path(AdminConfig.KEY_LISTEN),
              listen
                  + " is not a loopback address and there is no token-file (expected"
                  + " admin.token-file: the API changes gateway states and ends calls)");
    }
    if (Boolean.TRUE.equals(reads) && token == null) {
      m.errors()
          .add(m.line(), m.path(AdminConfig.KEY_TOKEN_FOR_READS), "true without a token-file");
    }
    return new AdminConfig(
        listen,
        java.util.Optional.ofNullable(token).map(dir::resolve),
        Boolean.TRUE.equals(reads),
        tls);
  }

  static LoggingConfig logging(MappingReader root) {
    MappingReader m = root.section(IsthmusConfig.KEY_LOGGING, "the keys level, loggers");
    LoggingConfig.Level level =
        m.value(LoggingConfig.KEY_LEVEL, LoggingConfig.DEFAULT_LEVEL, LEVEL);
    Map<String, LoggingConfig.Level> loggers = new LinkedHashMap<>();
    if (m.has(LoggingConfig.KEY_LOGGERS)) {
      MappingReader l = m.section(LoggingConfig.KEY_LOGGERS, "logger names mapped to levels");
      for (MappingReader.Item e : l.entries()) {
        LoggingConfig.Level v = l.convert(e.node(), e.path(), LEVEL);
        if (v != null) {
          loggers.put(e.key(), v);
        }
      }
    }
    m.finish();
    return new LoggingConfig(level, loggers);
  }
}
