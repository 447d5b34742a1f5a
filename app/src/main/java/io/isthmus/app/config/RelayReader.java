package io.isthmus.app.config;

import io.isthmus.app.config.RelayConfigSection.Control;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binds {@code relay:} to a {@link RelayConfigSection}. */
final class RelayReader {
  private static final Converter<Control> CONTROL =
      Converters.enumeration(
          "a relay control mode", Map.of("in-process", Control.IN_PROCESS, "ng", Control.NG));
  private static final Converter<Integer> MEDIA_PORT =
      Converters.integer("a media port", 1024, 65535);

  private RelayReader() {}

  static RelayConfigSection read(MappingReader root) {
    RelayConfigSection d = RelayConfigSection.DEFAULTS;
    MappingReader m =
        root.section(IsthmusConfig.KEY_RELAY, "the keys control, listen-ng, port-min, ...");
    int before = m.errors().size();
    Control control = m.value(RelayConfigSection.KEY_CONTROL, d.control(), CONTROL);
    InetSocketAddress listenNg =
        m.value(RelayConfigSection.KEY_LISTEN_NG, d.listenNg(), Converters.SOCKET_ADDRESS);
    List<RelayNode> nodes = nodes(m, control);
    Duration ngTimeout = m.positiveDuration(RelayConfigSection.KEY_NG_TIMEOUT, d.ngTimeout());
    int ngRetries =
        m.value(
            RelayConfigSection.KEY_NG_RETRIES,
            d.ngRetries(),
            Converters.integer("a count", 0, 100));
    int portMin = m.value(RelayConfigSection.KEY_PORT_MIN, d.portMin(), MEDIA_PORT);
    int portMax = m.value(RelayConfigSection.KEY_PORT_MAX, d.portMax(), MEDIA_PORT);
    if (portMax <= portMin) {
      String key = m.path(RelayConfigSection.KEY_PORT_MAX);
      m.errors()
          .add(
              m.lines().of(key),
              key,
              portMax
                  + " is not above port-min "
                  + portMin
                  + " (expected a range holding at least one RTP/RTCP port pair)");
    }
    int maxSessions =
        m.value(
            RelayConfigSection.KEY_MAX_SESSIONS,
            d.maxSessions(),
            Converters.integer("a session limit", 1, 10_000_000));
    double maxLoad =
        m.value(
            RelayConfigSection.KEY_MAX_LOAD,
            d.maxLoad(),
            Converters.positiveDecimal("a load average", 100_000));
    double maxCpu =
        m.value(
            RelayConfigSection.KEY_MAX_CPU,
            d.maxCpu(),
            Converters.positiveDecimal("a CPU percentage", 100));
    long maxBandwidth =
        m.value(
            RelayConfigSection.KEY_MAX_BANDWIDTH,
            d.maxBandwidth(),
            Converters.wholeNumber("a bandwidth in bytes per second", 1, Long.MAX_VALUE));
    int streams =
        m.value(
            RelayConfigSection.KEY_STREAMS_PER_SESSION,
            d.streamsPerSession(),
            Converters.integer("a number of streams", 1, 16));
    Duration timeout = m.value(RelayConfigSection.KEY_TIMEOUT, d.timeout(), Converters.DURATION);
    Duration silent =
        m.value(RelayConfigSection.KEY_SILENT_TIMEOUT, d.silentTimeout(), Converters.DURATION);
    Duration offer =
        m.value(RelayConfigSection.KEY_OFFER_TIMEOUT, d.offerTimeout(), Converters.DURATION);
    Duration fin =
        m.value(RelayConfigSection.KEY_FINAL_TIMEOUT, d.finalTimeout(), Converters.DURATION);
    Duration deleteDelay =
        m.value(RelayConfigSection.KEY_DELETE_DELAY, d.deleteDelay(), Converters.DURATION);
    List<String> flags = defaultFlags(m);
    Duration probe = m.positiveDuration(RelayConfigSection.KEY_PROBE_INTERVAL, d.probeInterval());
    Duration reconcile =
        m.value(
            RelayConfigSection.KEY_RECONCILE_INTERVAL, d.reconcileInterval(), Converters.DURATION);
    m.finish();
    if (m.errors().size() != before) {
      return null;
    }
    return new RelayConfigSection(
        control,
        listenNg,
        nodes,
        ngTimeout,
        ngRetries,
        portMin,
        portMax,
        maxSessions,
        maxLoad,
        maxCpu,
        maxBandwidth,
        streams,
        timeout,
        silent,
        offer,
        fin,
        deleteDelay,
        flags,
        probe,
        reconcile);
  }

  /**
   * {@code default-flags}: a flag string as in Kamailio's {@code rtpengine_manage()} or a list of
   * words; every word checked by {@link MediaFlags#read}. The words are kept as written.
   */
  private static List<String> defaultFlags(MappingReader m) {
    return MediaFlags.read(m, RelayConfigSection.KEY_DEFAULT_FLAGS);
  }

  private static List<RelayNode> nodes(MappingReader m, Control control) {
    String key = m.path(RelayConfigSection.KEY_NODES);
    if (control == Control.IN_PROCESS) {
      if (m.has(RelayConfigSection.KEY_NODES)) {
        m.node(RelayConfigSection.KEY_NODES);
        m.errors()
            .add(
                m.lines().of(key),
                key,
                "given with control: in-process (expected control: ng to drive external relays,"
                    + " or no nodes)");
      }
      return List.of();
    }
    YamlNode n = m.require(RelayConfigSection.KEY_NODES, "the NG relays to drive with control: ng");
    if (n == null) {
      return List.of();
    }
    List<RelayNode> nodes = new ArrayList<>();
    List<MappingReader.Item> items = m.items(n, key, "a list of {address, weight}");
    if (items.isEmpty() && n instanceof YamlNode.Sequence) {
      m.errors().add(n.line(), key, "empty (expected at least one NG relay with control: ng)");
    }
    for (MappingReader.Item item : items) {
      MappingReader node =
          MappingReader.of(
              m.errors(), m.lines(), item.path(), item.node(), "the keys address, weight");
      InetSocketAddress address = node.required(RelayNode.KEY_ADDRESS, Converters.SOCKET_ADDRESS);
      int weight =
          node.value(
              RelayNode.KEY_WEIGHT,
              RelayNode.DEFAULT_WEIGHT,
              Converters.integer("a weight", 1, 1_000_000));
      node.finish();
      if (address != null) {
        nodes.add(new RelayNode(address, weight));
      }
    }
    return nodes;
  }
}
