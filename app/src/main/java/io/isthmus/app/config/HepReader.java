package io.isthmus.app.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Binds {@code hep:} to a {@link HepConfig}. */
final class HepReader {
  private static final Converter<Double> SHARE =
      new Converter<>(
          "a share of calls",
          "a number from 0 to 1, or a percentage such as 10%",
          text -> {
            String t = text.trim().toLowerCase(Locale.ROOT);
            double v;
            try {
              v =
                  t.endsWith("%")
                      ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
                      : Double.parseDouble(t);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException((String) null);
            }
            if (!(v >= 0 && v <= 1)) {
              throw new IllegalArgumentException((String) null);
            }
            return v;
          });

  private HepReader() {}

  /** The section, or {@link HepConfig#OFF} when absent; null after an error. */
  static HepConfig read(MappingReader root, List<NetworkConfig> networks) {
    if (!root.has(IsthmusConfig.KEY_HEP)) {
      return HepConfig.OFF;
    }
    MappingReader m =
        root.section(IsthmusConfig.KEY_HEP, "the keys collector, capture-id, networks, ...");
    int before = m.errors().size();
    InetSocketAddress collector = m.required(HepConfig.KEY_COLLECTOR, Converters.SOCKET_ADDRESS);
    int captureId =
        m.value(
            HepConfig.KEY_CAPTURE_ID,
            HepConfig.DEFAULT_CAPTURE_ID,
            Converters.integer("a capture id", 0, Integer.MAX_VALUE));
    String password = m.value(HepConfig.KEY_PASSWORD, "", Converters.TEXT);
    List<String> names = new ArrayList<>();
    for (MappingReader.Item item :
        m.list(HepConfig.KEY_NETWORKS, "a list of network names, e.g. [public, private]")) {
      String name = m.convert(item.node(), item.path(), Converters.NAME);
      if (name == null) {
        continue;
      }
      if (networks != null && networks.stream().noneMatch(n -> n.name().equals(name))) {
        m.errors()
            .add(
                item.node().line(),
                item.path(),
                "no network "
                    + name
                    + " (expected one of: "
                    + String.join(", ", networks.stream().map(NetworkConfig::name).toList())
                    + ")");
      } else {
        names.add(name);
      }
    }
    double sampling = m.value(HepConfig.KEY_SAMPLING, 1.0, SHARE);
    boolean rtcp = m.value(HepConfig.KEY_RTCP, true, Converters.BOOLEAN);
    m.finish();
    if (m.errors().size() != before || collector == null) {
      return null;
    }
    return new HepConfig(collector, captureId, password, names, sampling, rtcp);
  }
}
