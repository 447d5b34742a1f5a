package io.isthmus.app.config;

import io.isthmus.proxy.dispatcher.Algorithm;
import io.isthmus.proxy.dispatcher.DispatcherConfigException;
import io.isthmus.proxy.dispatcher.DispatcherList;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.GatewayDefinition;
import io.isthmus.proxy.dispatcher.ListFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code dispatcher:} to a {@link DispatcherConfig}: reads the list file (relative to the
 * config's directory) or the inline sets through the dispatcher's own parser, so both forms are
 * checked by the same rules.
 */
final class DispatcherReader {
  private static final String GATEWAY_KEYS = "destination, flags, priority, attrs";

  private DispatcherReader() {}

  static DispatcherConfig read(MappingReader root, Path configDir) {
    YamlNode node =
        root.require(IsthmusConfig.KEY_DISPATCHER, "the gateway sets: list-file or sets");
    if (node == null) {
      return null;
    }
    MappingReader m =
        MappingReader.of(
            root.errors(),
            root.lines(),
            IsthmusConfig.KEY_DISPATCHER,
            node,
            "the keys list-file or sets, algorithm, probing, ...");
    DispatcherList gateways = null;
    Optional<Path> listFile = Optional.empty();
    boolean hasFile = m.has(DispatcherConfig.KEY_LIST_FILE);
    boolean hasSets = m.has(DispatcherConfig.KEY_SETS);
    if (hasFile && hasSets) {
      m.errors()
          .add(
              m.lines().of(m.path(DispatcherConfig.KEY_SETS)),
              m.path(DispatcherConfig.KEY_SETS),
              "given together with list-file (expected one source of gateway sets)");
    } else if (!hasFile && !hasSets) {
      m.errors()
          .add(
              m.line(),
              m.path(DispatcherConfig.KEY_SETS),
              "missing (expected list-file: a Kamailio dispatcher list, or sets: inline gateways)");
    }
    if (hasFile) {
      String name = m.value(DispatcherConfig.KEY_LIST_FILE, null, Converters.TEXT);
      if (name != null) {
        Path file = configDir.resolve(name);
        listFile = Optional.of(file);
        gateways = listFile(m, name, file);
      }
    }
    if (hasSets) {
      gateways = sets(m);
    }
    Algorithm algorithm =
        m.value(
            DispatcherConfig.KEY_ALGORITHM,
            DispatcherSettings.DEFAULTS.defaultAlgorithm(),
            Converters.ALGORITHM);
    Map<Integer, Algorithm> setAlgorithms = new HashMap<>();
    if (m.has(DispatcherConfig.KEY_SET_ALGORITHMS)) {
      MappingReader sa =
          m.section(DispatcherConfig.KEY_SET_ALGORITHMS, "set ids mapped to algorithms");
      for (MappingReader.Item e : sa.entries()) {
        Integer id = setId(sa, e);
        Algorithm a = sa.convert(e.node(), e.path(), Converters.ALGORITHM);
        if (id != null && a != null) {
          setAlgorithms.put(id, a);
        }
      }
    }
    var statuses =
        m.value(
            DispatcherConfig.KEY_FAILOVER_STATUSES,
            DispatcherSettings.DEFAULT_FAILOVER_STATUSES,
            Converters.STATUS_SET);
    Duration noResponse =
        m.positiveDuration(
            DispatcherConfig.KEY_NO_RESPONSE_TIMEOUT,
            DispatcherSettings.DEFAULT_NO_RESPONSE_TIMEOUT);
    boolean hashUserOnly =
        m.value(
            DispatcherConfig.KEY_HASH_USER_ONLY,
            DispatcherSettings.DEFAULTS.hashUserOnly(),
            Converters.BOOLEAN);
    ProbingConfig probing = probing(m);
    Optional<io.isthmus.proxy.resolve.DnsSettings> dns = dns(m);
    m.finish();
    if (gateways == null || probing == null) {
      return null;
    }
    return new DispatcherConfig(
        listFile,
        gateways,
        algorithm,
        setAlgorithms,
        statuses,
        noResponse,
        hashUserOnly,
        probing,
        dns);
  }

  private static DispatcherList listFile(MappingReader m, String name, Path file) {
    String key = m.path(DispatcherConfig.KEY_LIST_FILE);
    int line = m.lines().of(key);
    try {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString());
      }
      return ListFileParser.parse(file);
    } catch (NoSuchFileException e) {
      m.errors()
          .add(
              line,
              key,
              name
                  + " does not exist (expected a Kamailio dispatcher list file, relative to the"
                  + " config file's directory)");
    } catch (IOException e) {
      m.errors()
          .add(
              line,
              key,
              name + " cannot be read: " + e.getMessage() + " (expected a readable list file)");
    } catch (DispatcherConfigException e) {
      m.errors().add(line, key, e.getMessage());
    }
    return null;
  }

  /** {@code sets:} set id to a list of gateways; each a destination or a mapping. */
  private static DispatcherList sets(MappingReader m) {
    MappingReader sets =
        m.section(DispatcherConfig.KEY_SETS, "set ids mapped to lists of gateways");
    List<GatewayDefinition> definitions = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    List<Boolean> mappings = new ArrayList<>();
    int before = m.errors().size();
    List<MappingReader.Item> entries = sets.entries();
    if (entries.isEmpty()) {
      m.errors().add(sets.line(), sets.path(), "no gateway set (expected at least one)");
    }
    for (MappingReader.Item e : entries) {
      Integer id = setId(sets, e);
      List<MappingReader.Item> gateways =
          sets.items(
              e.node(), e.path(), "a list of gateways (sip: URIs or {" + GATEWAY_KEYS + "})");
      if (gateways.isEmpty() && e.node() instanceof YamlNode.Sequence) {
        m.errors().add(e.node().line(), e.path(), "empty (expected at least one gateway)");
      }
      for (MappingReader.Item g : gateways) {
        GatewayDefinition d = gateway(sets, g, id == null ? 0 : id);
        if (d != null) {
          definitions.add(d);
          paths.add(g.path());
          mappings.add(g.node() instanceof YamlNode.Mapping);
        }
      }
    }
    if (m.errors().size() != before) {
      return null;
    }
    try {
      return DispatcherList.of(sets.path(), definitions);
    } catch (DispatcherConfigException e) {
      // The dispatcher numbers entries from 1 in the order given; map back to the YAML item.
      int index = e.line() - 1;
      String path = paths.get(index);
      String field =
          List.of("destination", "flags", "priority").contains(e.field()) ? e.field() : "attrs";
      String prefix = e.source() + " line " + e.line() + ": ";
      String detail =
          e.getMessage().startsWith(prefix)
              ? e.getMessage().substring(prefix.length())
              : e.getMessage();
      String key = mappings.get(index) ? path + "." + field : path;
      m.errors().add(m.lines().of(key), key, detail);
      return null;
    }
  }

  private static GatewayDefinition gateway(MappingReader sets, MappingReader.Item g, int setId) {
    if (g.node() instanceof YamlNode.Scalar) {
      String destination = sets.convert(g.node(), g.path(), Converters.TEXT);
      return destination == null ? null : GatewayDefinition.of(setId, destination);
    }
    MappingReader gw =
        MappingReader.of(sets.errors(), sets.lines(), g.path(), g.node(), GATEWAY_KEYS);
    String destination = gw.required(DispatcherConfig.KEY_DESTINATION, Converters.TEXT);
    Integer flags =
        gw.value(DispatcherConfig.KEY_FLAGS, 0, Converters.integer("a flags bitmask", 0, 63));
    Integer priority =
        gw.value(
            DispatcherConfig.KEY_PRIORITY,
            0,
            Converters.integer("a priority", Integer.MIN_VALUE, Integer.MAX_VALUE));
    String attrs = gw.value(DispatcherConfig.KEY_ATTRS, "", Converters.TEXT);
    gw.finish();
    return destination == null
        ? null
        : new GatewayDefinition(setId, destination, flags, priority, attrs);
  }

  private static Integer setId(MappingReader m, MappingReader.Item e) {
    return m.convert(new YamlNode.Scalar(e.keyLine(), e.key()), e.path(), Converters.SET_ID);
  }

  /** {@code dns:}: servers (address:port list), timeout, max-ttl; empty when absent. */
  private static Optional<io.isthmus.proxy.resolve.DnsSettings> dns(MappingReader m) {
    if (!m.has(DispatcherConfig.KEY_DNS)) {
      return Optional.empty();
    }
    MappingReader d = m.section(DispatcherConfig.KEY_DNS, "servers, timeout, max-ttl");
    List<java.net.InetSocketAddress> servers = new ArrayList<>();
    for (MappingReader.Item i :
        d.list(DispatcherConfig.KEY_DNS_SERVERS, "DNS servers as address:port")) {
      java.net.InetSocketAddress a = d.convert(i.node(), i.path(), Converters.SOCKET_ADDRESS);
      if (a != null) {
        servers.add(a);
      }
    }
    if (servers.isEmpty() && !d.has(DispatcherConfig.KEY_DNS_SERVERS)) {
      d.errors()
          .add(
              d.line(),
              d.path(DispatcherConfig.KEY_DNS_SERVERS),
              "missing (expected the DNS servers to ask, e.g. [127.0.0.1:53])");
    }
    Duration timeout =
        d.positiveDuration(
            DispatcherConfig.KEY_DNS_TIMEOUT, io.isthmus.proxy.resolve.DnsSettings.DEFAULT_TIMEOUT);
    Duration maxTtl =
        d.positiveDuration(
            DispatcherConfig.KEY_DNS_MAX_TTL, io.isthmus.proxy.resolve.DnsSettings.DEFAULT_MAX_TTL);
    d.finish();
    return Optional.of(new io.isthmus.proxy.resolve.DnsSettings(servers, timeout, maxTtl));
  }

  private static ProbingConfig probing(MappingReader m) {
    MappingReader p =
        m.section(DispatcherConfig.KEY_PROBING, "interval, timeout, mode and thresholds");
    ProbingConfig d = ProbingConfig.DEFAULTS;
    Duration interval = p.positiveDuration(ProbingConfig.KEY_INTERVAL, d.interval());
    Duration timeout = p.positiveDuration(ProbingConfig.KEY_TIMEOUT, d.timeout());
    boolean downGiven = p.has(ProbingConfig.KEY_DOWN_INTERVAL);
    Duration down = p.positiveDuration(ProbingConfig.KEY_DOWN_INTERVAL, d.downInterval());
    var mode = p.value(ProbingConfig.KEY_MODE, d.mode(), Converters.PROBING_MODE);
    var threshold = Converters.integer("a threshold", 1, 1000);
    int failure = p.value(ProbingConfig.KEY_FAILURE_THRESHOLD, d.failureThreshold(), threshold);
    int success = p.value(ProbingConfig.KEY_SUCCESS_THRESHOLD, d.successThreshold(), threshold);
    var accepted =
        p.value(ProbingConfig.KEY_ACCEPTED_REPLIES, d.acceptedReplies(), Converters.STATUS_SET);
    p.finish();
    if (timeout.compareTo(interval) > 0) {
      String key = p.path(ProbingConfig.KEY_TIMEOUT);
      p.errors()
          .add(
              p.lines().of(key),
              key,
              Durations.format(timeout)
                  + " is longer than the interval "
                  + Durations.format(interval)
                  + " (expected a timeout no longer than the interval: one probe at a time per"
                  + " gateway)");
    }
    if (down.compareTo(interval) > 0) {
      if (downGiven) {
        String key = p.path(ProbingConfig.KEY_DOWN_INTERVAL);
        p.errors()
            .add(
                p.lines().of(key),
                key,
                Durations.format(down)
                    + " is longer than the interval "
                    + Durations.format(interval)
                    + " (expected down gateways probed at least as often as live ones)");
      } else {
        down = interval; // an interval below the default down interval: one pace for all
      }
    }
    return new ProbingConfig(interval, timeout, down, mode, failure, success, accepted);
  }
}
