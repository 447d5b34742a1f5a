package io.isthmus.app.relay;

import io.isthmus.ha.redis.RedisSettings;
import io.isthmus.ha.relay.RelayHaSettings;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.LoadLimits;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The options of {@code isthmus relay}, named as rtpengine names them so that an rtpengine command
 * line or rtpengine.conf carries over. The command line wins over the config file, as in rtpengine.
 *
 * <p>Every field is nullable: {@code null} means "not on the command line", so the file's value (or
 * the default) applies.
 */
public final class RelayOptions {

  /** rtpengine has no default NG socket; ours is the reference scenario's. */
  public static final InetSocketAddress DEFAULT_LISTEN_NG =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 22222);

  /** Keys that rtpengine knows and Isthmus honours (the config file's spelling). */
  static final Set<String> HONOURED =
      Set.of(
          "interface",
          "listen-ng",
          "listen-cli",
          "listen-http",
          "port-min",
          "port-max",
          "timeout",
          "silent-timeout",
          "offer-timeout",
          "final-timeout",
          "delete-delay",
          "max-sessions",
          "max-load",
          "max-cpu",
          "max-bandwidth",
          "num-threads",
          "pidfile",
          "table",
          "foreground",
          "log-stderr",
          "log-level",
          "no-redis-required",
          "redis",
          "redis-write",
          "redis-num-threads",
          "redis-expires",
          "redis-cmd-timeout",
          "redis-heartbeat");

  /** rtpengine's Redis keys Isthmus refuses, with the reason (config file and command line). */
  static final Map<String, String> REFUSED_REDIS =
      Map.of(
          "subscribe-keyspace",
          "not supported: a relay takes over only its own node (the DB of --redis) once that"
              + " node's heartbeat stops; run one standby per active relay with the same --redis",
          "redis-allowed-errors",
          "not supported: Isthmus never stops writing to Redis after errors; it retries with"
              + " backoff, its queue bounded (see isthmus_relay_redis_refused_total)",
          "redis-disable-time",
          "not supported: Isthmus never stops writing to Redis after errors (see"
              + " redis-allowed-errors)",
          "redis-connect-timeout",
          "not supported: the connection timeout is --redis-cmd-timeout",
          "redis-format",
          "not supported: Isthmus writes its own versioned binary records, not rtpengine's",
          "redis-delete-async",
          "not supported: every write is asynchronous already");

  @Option(
      names = {"-i", "--interface"},
      paramLabel = "NAME/LOCAL[!ADVERTISED]",
      description = "A logical interface (repeat for several); the first is the default.")
  List<String> interfaces;

  @Option(
      names = {"-n", "--listen-ng"},
      paramLabel = "[IP:]PORT",
      description = "UDP address of the NG control protocol (default 127.0.0.1:22222).")
  String listenNg;

  @Option(
      names = {"-m", "--port-min"},
      description = "Lowest relay port (default 30000).")
  Integer portMin;

  @Option(
      names = {"-M", "--port-max"},
      description = "Highest relay port (default 39999).")
  Integer portMax;

  @Option(
      names = {"-o", "--timeout"},
      paramLabel = "SECS",
      description = "Delete a call without media for this long (default 60; 0 = off).")
  Integer timeout;

  @Option(
      names = {"-s", "--silent-timeout"},
      paramLabel = "SECS",
      description = "The same for streams on hold (default 3600; 0 = off).")
  Integer silentTimeout;

  @Option(
      names = "--offer-timeout",
      paramLabel = "SECS",
      description = "The same for offers never answered (default 3600; 0 = off).")
  Integer offerTimeout;

  @Option(
      names = {"-a", "--final-timeout"},
      paramLabel = "SECS",
      description = "Delete every call after this long, media or not (default 0 = off).")
  Integer finalTimeout;

  @Option(
      names = {"-d", "--delete-delay"},
      paramLabel = "SECS",
      description = "Keep a deleted call visible to query and list this long (default 30).")
  Integer deleteDelay;

  @Option(
      names = "--max-sessions",
      paramLabel = "INT",
      description = "Refuse new calls while this many are held (default -1 = no limit; 0 drains).")
  Integer maxSessions;

  @Option(
      names = "--max-load",
      paramLabel = "FLOAT",
      description = "Refuse new calls while the 1-minute load average is at least this (0 = off).")
  Double maxLoad;

  @Option(
      names = "--max-cpu",
      paramLabel = "FLOAT",
      description = "Refuse new calls while CPU usage in percent is at least this (0 = off).")
  Double maxCpu;

  @Option(
      names = "--max-bandwidth",
      paramLabel = "INT",
      description = "Refuse new calls while receiving at least this many bytes/s (0 = off).")
  Long maxBandwidth;

  @Option(names = "--num-threads", description = "Media event loops (default: one per core).")
  Integer numThreads;

  @Option(
      names = {"-p", "--pidfile"},
      description = "Write the process id to this file.")
  Path pidfile;

  @Option(
      names = {"-t", "--table"},
      description = "Kernel forwarding table; Isthmus always relays in userspace (-1).")
  Integer table;

  @Option(
      names = {"-f", "--foreground"},
      description = "Accepted for rtpengine compatibility: Isthmus never daemonizes.")
  boolean foreground;

  @Option(
      names = {"-E", "--log-stderr"},
      description = "Accepted for rtpengine compatibility: Isthmus logs to stderr.")
  boolean logStderr;

  @Option(
      names = {"-L", "--log-level"},
      description = "Syslog-style level 0-7 (default 6 = info).")
  Integer logLevel;

  @Option(
      names = "--no-redis-required",
      description =
          "With --redis: serve at once when Redis is unreachable at start (else wait for it).")
  boolean noRedisRequired;

  // --- HA: calls in Redis, a standby taking the node over (docs/ha.md) ------------------------

  @Option(
      names = {"-r", "--redis"},
      paramLabel = "[PW@]HOST:PORT[/DB]",
      description =
          "Keep every call in Redis (or a redis-sentinel:// URI); the DB is this relay's node."
              + " A second relay with the same --redis is its hot standby.")
  String redis;

  @Option(
      names = {"-w", "--redis-write"},
      paramLabel = "[PW@]HOST:PORT[/DB]",
      description = "Write to this Redis instead (--redis is then read: heartbeat, takeover).")
  String redisWrite;

  @Option(
      names = "--redis-num-threads",
      paramLabel = "INT",
      description = "Redis writer threads, calls spread by Call-ID (default 1).")
  Integer redisNumThreads;

  @Option(
      names = "--redis-expires",
      paramLabel = "SECS",
      description = "TTL of a call's key, the safety net (default 86400).")
  Integer redisExpires;

  @Option(
      names = "--redis-cmd-timeout",
      paramLabel = "MSECS",
      description = "A Redis command slower than this failed (default 1000).")
  Integer redisCmdTimeout;

  @Option(
      names = "--redis-heartbeat",
      paramLabel = "MSECS",
      description =
          "TTL of the node's heartbeat key, refreshed every fifth of it: how soon a standby takes"
              + " over a dead relay (default 1000).")
  Integer redisHeartbeat;

  // rtpengine's Redis options Isthmus refuses, each with the reason in REFUSED_REDIS.
  @Option(names = "--subscribe-keyspace", hidden = true)
  String subscribeKeyspace;

  @Option(names = "--redis-allowed-errors", hidden = true)
  String redisAllowedErrors;

  @Option(names = "--redis-disable-time", hidden = true)
  String redisDisableTime;

  @Option(names = "--redis-connect-timeout", hidden = true)
  String redisConnectTimeout;

  @Option(names = "--redis-format", hidden = true)
  String redisFormat;

  @Option(names = "--redis-delete-async", hidden = true, arity = "0..1")
  String redisDeleteAsync;

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      description = "An rtpengine.conf to read (\"none\" for none).")
  String configFile;

  @Option(
      names = "--config-section",
      paramLabel = "NAME",
      defaultValue = "rtpengine",
      description = "The section of the config file to read (default ${DEFAULT-VALUE}).")
  String configSection = "rtpengine";

  // --- rtpengine's operator interfaces (kept apart from the relay's own options) ---------------

  @Option(
      names = "--listen-cli",
      paramLabel = "[IP:]PORT",
      description = "TCP address of rtpengine's CLI port, for rtpengine-ctl (default: none).")
  String listenCli;

  @Option(
      names = "--listen-http",
      paramLabel = "[IP:]PORT",
      description =
          "TCP address of rtpengine's HTTP listener: /ping, /metrics, /cli/ (default: none).")
  String listenHttp;

  /**
   * Where the operator interfaces listen.
   *
   * @param cli the CLI port, or null for none
   * @param http the HTTP listener, or null for none
   */
  public record OperatorListeners(InetSocketAddress cli, InetSocketAddress http) {}

  /** The operator interfaces from the command line, else the config file. */
  public OperatorListeners resolveListeners() throws RelayOptionsException {
    FileValues file = FileValues.read(configFile, configSection, new ArrayList<>());
    return new OperatorListeners(
        listen(listenCli, file, "listen-cli"), listen(listenHttp, file, "listen-http"));
  }

  private static InetSocketAddress listen(String cli, FileValues file, String key)
      throws RelayOptionsException {
    String v = cli != null ? cli : file.value(key);
    return v == null ? null : parseListen(v, file.origin(key, cli != null), key);
  }

  /** What the relay runs with, after merging the file under the command line. */
  public record Settings(
      RelayConfig relay,
      ControlConfig control,
      InetSocketAddress listenNg,
      Path pidfile,
      int logLevel,
      List<String> warnings,
      RelayHaSettings ha) {}

  /** Merges the config file (if any) under the command line and checks every value. */
  public Settings resolve() throws RelayOptionsException {
    String[][] refused = {
      {"subscribe-keyspace", subscribeKeyspace},
      {"redis-allowed-errors", redisAllowedErrors},
      {"redis-disable-time", redisDisableTime},
      {"redis-connect-timeout", redisConnectTimeout},
      {"redis-format", redisFormat},
      {"redis-delete-async", redisDeleteAsync}
    };
    for (String[] r : refused) {
      if (r[1] != null) {
        throw new RelayOptionsException("--" + r[0] + ": " + REFUSED_REDIS.get(r[0]));
      }
    }
    List<String> warnings = new ArrayList<>();
    FileValues file = FileValues.read(configFile, configSection, warnings);

    List<String> specs = interfaces != null ? interfaces : file.list("interface");
    if (specs.isEmpty()) {
      throw new RelayOptionsException(
          "no interface given: use --interface=NAME/ADDRESS (e.g. public/127.0.1.1) or"
              + " 'interface =' in the config file");
    }
    List<LogicalInterface> ifaces = new ArrayList<>();
    for (String spec : specs) {
      try {
        ifaces.add(LogicalInterface.parse(spec));
      } catch (IllegalArgumentException e) {
        throw new RelayOptionsException(
            file.origin("interface", interfaces != null) + "interface: " + e.getMessage());
      }
    }

    int min = pick(portMin, file, "port-min", RelayConfig.DEFAULT_PORT_MIN, 1, 65535);
    int max = pick(portMax, file, "port-max", RelayConfig.DEFAULT_PORT_MAX, 1, 65535);
    if (max - min < 1) {
      throw new RelayOptionsException(
          "port-min " + min + " and port-max " + max + " leave no RTP/RTCP port pair");
    }
    int loops =
        pick(numThreads, file, "num-threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
    int tableValue = pick(table, file, "table", -1, -1, 63);
    if (tableValue != -1) {
      warnings.add(
          "table=" + tableValue + ": Isthmus has no kernel forwarding; relaying in userspace");
    }

    RelayConfig relay =
        new RelayConfig(
            ifaces,
            min,
            max,
            loops,
            true,
            RelayConfig.DEFAULT_LEARNING_WINDOW,
            seconds(timeout, file, "timeout", RelayConfig.DEFAULT_TIMEOUT),
            seconds(silentTimeout, file, "silent-timeout", RelayConfig.DEFAULT_SILENT_TIMEOUT),
            seconds(offerTimeout, file, "offer-timeout", RelayConfig.DEFAULT_OFFER_TIMEOUT),
            seconds(finalTimeout, file, "final-timeout", RelayConfig.DEFAULT_FINAL_TIMEOUT),
            RelayConfig.DEFAULT_SWEEP_INTERVAL);
    var limits =
        new LoadLimits(
            pick(maxSessions, file, "max-sessions", -1, -1, Integer.MAX_VALUE),
            decimal(maxLoad, file, "max-load", 1e6),
            decimal(maxCpu, file, "max-cpu", 100),
            whole(maxBandwidth, file, "max-bandwidth"));
    ControlConfig control =
        ControlConfig.defaults()
            .withLimits(limits)
            .withDeleteDelay(
                seconds(
                    deleteDelay,
                    file,
                    "delete-delay",
                    Duration.ofSeconds(ControlConfig.DEFAULT_DELETE_DELAY_SECONDS)));

    String ng = listenNg != null ? listenNg : file.value("listen-ng");
    InetSocketAddress ngAddress =
        ng == null
            ? DEFAULT_LISTEN_NG
            : parseListen(ng, file.origin("listen-ng", listenNg != null));
    Path pid = pidfile != null ? pidfile : file.path("pidfile");
    int level = pick(logLevel, file, "log-level", 6, 0, 7);
    RelayHaSettings ha = ha(file, control.deleteDelay());
    return new Settings(relay, control, ngAddress, pid, level, List.copyOf(warnings), ha);
  }

  /** The HA settings from --redis and its companions; null without --redis. */
  private RelayHaSettings ha(FileValues file, Duration deleteDelay) throws RelayOptionsException {
    for (Map.Entry<String, String> e : REFUSED_REDIS.entrySet()) {
      if (file.value(e.getKey()) != null) {
        throw new RelayOptionsException(
            file.origin(e.getKey(), false) + e.getKey() + ": " + e.getValue());
      }
    }
    String readText = redis != null ? redis : file.value("redis");
    String writeText = redisWrite != null ? redisWrite : file.value("redis-write");
    if (readText == null) {
      for (String key :
          List.of(
              "redis-write",
              "redis-num-threads",
              "redis-expires",
              "redis-cmd-timeout",
              "redis-heartbeat")) {
        boolean onLine =
            switch (key) {
              case "redis-write" -> redisWrite != null;
              case "redis-num-threads" -> redisNumThreads != null;
              case "redis-expires" -> redisExpires != null;
              case "redis-cmd-timeout" -> redisCmdTimeout != null;
              default -> redisHeartbeat != null;
            };
        if (onLine || file.value(key) != null) {
          throw new RelayOptionsException(
              file.origin(key, onLine) + key + ": needs --redis (the Redis this relay reads)");
        }
      }
      return null;
    }
    Duration timeout =
        Duration.ofMillis(pick(redisCmdTimeout, file, "redis-cmd-timeout", 1000, 1, 600_000));
    RedisSettings read = redisSettings(readText, timeout, file, "redis", redis != null);
    RedisSettings write =
        writeText == null
            ? read
            : redisSettings(writeText, timeout, file, "redis-write", redisWrite != null);
    int threads = pick(redisNumThreads, file, "redis-num-threads", 1, 1, 64);
    int expires = pick(redisExpires, file, "redis-expires", 86400, 1, Integer.MAX_VALUE);
    int heartbeat = pick(redisHeartbeat, file, "redis-heartbeat", 1000, 100, 60_000);
    return new RelayHaSettings(
        "db" + read.uri().getDatabase(),
        read,
        write,
        threads,
        Duration.ofSeconds(expires),
        Duration.ofMillis(heartbeat),
        RelayHaSettings.DEFAULT_QUEUE_CAPACITY,
        deleteDelay,
        !noRedisRequired
            && !"yes".equals(file.value("no-redis-required"))
            && !"true".equals(file.value("no-redis-required")));
  }

  private static RedisSettings redisSettings(
      String text, Duration timeout, FileValues file, String key, boolean onLine)
      throws RelayOptionsException {
    try {
      return RedisSettings.parse(text, timeout);
    } catch (IllegalArgumentException e) {
      throw new RelayOptionsException(file.origin(key, onLine) + key + ": " + e.getMessage());
    }
  }

  private static int pick(Integer cli, FileValues file, String key, int def, int lo, int hi)
      throws RelayOptionsException {
    if (cli != null) {
      return checkRange(cli, lo, hi, "--" + key + ": ");
    }
    String v = file.value(key);
    if (v == null) {
      return def;
    }
    try {
      return checkRange(Integer.parseInt(v), lo, hi, file.origin(key, false) + key + ": ");
    } catch (NumberFormatException e) {
      throw new RelayOptionsException(
          file.origin(key, false) + key + ": '" + v + "' is not a whole number");
    }
  }

  /** rtpengine's FLOAT options: 0 (the default) is off. */
  private static double decimal(Double cli, FileValues file, String key, double max)
      throws RelayOptionsException {
    String where = cli != null ? "--" + key + ": " : file.origin(key, false) + key + ": ";
    double v;
    if (cli != null) {
      v = cli;
    } else {
      String text = file.value(key);
      if (text == null) {
        return 0;
      }
      try {
        v = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new RelayOptionsException(where + "'" + text + "' is not a number");
      }
    }
    if (!(v >= 0) || v > max) {
      throw new RelayOptionsException(
          where + v + " is out of range (expected 0-" + (long) max + ")");
    }
    return v;
  }

  /** rtpengine's INT64 options: 0 (the default) is off. */
  private static long whole(Long cli, FileValues file, String key) throws RelayOptionsException {
    String where = cli != null ? "--" + key + ": " : file.origin(key, false) + key + ": ";
    long v;
    if (cli != null) {
      v = cli;
    } else {
      String text = file.value(key);
      if (text == null) {
        return 0;
      }
      try {
        v = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new RelayOptionsException(where + "'" + text + "' is not a whole number");
      }
    }
    if (v < 0) {
      throw new RelayOptionsException(where + v + " is out of range (expected 0 or more)");
    }
    return v;
  }

  private static int checkRange(int v, int lo, int hi, String where) throws RelayOptionsException {
    if (v < lo || v > hi) {
      throw new RelayOptionsException(
          where + v + " is out of range (expected " + lo + "-" + hi + ")");
    }
    return v;
  }

  private static Duration seconds(Integer cli, FileValues file, String key, Duration def)
      throws RelayOptionsException {
    int s = pick(cli, file, key, (int) def.toSeconds(), 0, Integer.MAX_VALUE);
    return Duration.ofSeconds(s);
  }

  /** rtpengine's {@code [IP:]PORT}; IP literals only, never a name lookup. */
  static InetSocketAddress parseListen(String text, String where) throws RelayOptionsException {
    return parseListen(text, where, "listen-ng");
  }

  /** The same for the option {@code key}, named in the messages. */
  static InetSocketAddress parseListen(String text, String where, String key)
      throws RelayOptionsException {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
    String port = colon < 0 ? text : text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      if (!isIpLiteral(host)) {
        throw new RelayOptionsException(
            where + key + ": '" + host + "' is not an IP address (names are not resolved)");
      }
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (NumberFormatException e) {
      throw new RelayOptionsException(where + key + ": '" + port + "' is not a port");
    } catch (UnknownHostException e) {
      throw new RelayOptionsException(where + key + ": '" + host + "' is not an IP address");
    }
  }

  private static boolean isIpLiteral(String host) {
    // getByName on a literal never queries the resolver; anything else is refused before it.
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** The config file's values, or none, with where each came from for messages. */
  private record FileValues(String name, Map<String, RtpengineConfigFile.Entry> entries) {

    static FileValues read(String configFile, String section, List<String> warnings)
        throws RelayOptionsException {
      if (configFile == null || configFile.equals("none")) {
        return new FileValues(null, Map.of());
      }
      Map<String, RtpengineConfigFile.Entry> entries =
          RtpengineConfigFile.read(Path.of(configFile), section);
      Set<String> ignored = new TreeSet<>(entries.keySet());
      ignored.removeAll(HONOURED);
      if (!ignored.isEmpty()) {
        warnings.add(
            configFile
                + ": ["
                + section
                + "] keys not supported by Isthmus, ignored: "
                + String.join(", ", ignored));
      }
      return new FileValues(configFile, entries);
    }

    String value(String key) {
      var e = entries.get(key);
      return e == null ? null : e.value();
    }

    List<String> list(String key) {
      String v = value(key);
      return v == null
          ? List.of()
          : Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    Path path(String key) {
      String v = value(key);
      return v == null ? null : Path.of(v);
    }

    /** "file:line: " for a key read from the file, "" for the command line. */
    String origin(String key, boolean fromCommandLine) {
      var e = entries.get(key);
      return fromCommandLine || e == null ? "--" : name + ":" + e.line() + ": ";
    }
  }
}
