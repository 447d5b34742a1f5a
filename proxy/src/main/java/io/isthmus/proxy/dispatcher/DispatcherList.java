package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every gateway set, immutable: what a list file or the config describes. The {@link Dispatcher}
 * swaps one for another on reload.
 */
public final class DispatcherList {
  /** No sets at all: every plan is empty (503). */
  public static final DispatcherList EMPTY = new DispatcherList(Map.of(), List.of());

  private final Map<Integer, GatewaySet> sets;
  private final List<String> warnings;

  private DispatcherList(Map<Integer, GatewaySet> sets, List<String> warnings) {
    this.sets = sets;
    this.warnings = warnings;
  }

  /**
   * What was accepted although Kamailio would refuse it (letter flags in a list file), one line
   * each naming source, line and field: logged at start and reload, printed by {@code check}.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Validates and orders plain definitions (the YAML config's inline sets). Errors name {@code
   * source} and the 1-based entry number in {@code line}.
   */
  public static DispatcherList of(String source, List<GatewayDefinition> definitions)
      throws DispatcherConfigException {
    Builder b = new Builder(source);
    int entry = 0;
    for (GatewayDefinition d : definitions) {
      entry++;
      if (d.setId() < 0) {
        throw new DispatcherConfigException(
            source, entry, "setid", "setid '" + d.setId() + "' is negative");
      }
      b.add(entry, d.setId(), d.destination(), d.flags(), d.priority(), d.attrs());
    }
    return b.build();
  }

  /** The set with that id, or null. */
  public GatewaySet set(int id) {
    return sets.get(id);
  }

  /** All sets by id, in ascending id order. */
  public Map<Integer, GatewaySet> sets() {
    return sets;
  }

  /** Every gateway of every set. */
  public List<Gateway> gateways() {
    List<Gateway> all = new ArrayList<>();
    sets.values().forEach(s -> all.addAll(s.gateways()));
    return all;
  }

  /** Collects gateways in read order, checking each field, then orders each set. */
  static final class Builder {
    private final String source;
    private final Map<Integer, List<Gateway>> readOrder = new LinkedHashMap<>();
    private final Set<GatewayKey> seen = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    void warn(int line, String field, String message) {
      warnings.add(source + " line " + line + ": " + field + ": " + message);
    }

    Builder(String source) {
      this.source = source;
    }

    void add(int line, int setId, String destination, int flags, int priority, String attrs)
        throws DispatcherConfigException {
      SipUri uri = destination(line, destination);
      if (flags < 0 || (flags & ~GatewayFlags.ALL) != 0) {
        throw new DispatcherConfigException(
            source, line, "flags", "flags '" + flags + "' has bits other than 1..32");
      }
      GatewayAttrs parsed;
      try {
        parsed = GatewayAttrs.parse(attrs);
      } catch (InvalidFieldException e) {
        throw new DispatcherConfigException(source, line, e.field(), e.getMessage());
      }
      Gateway gw = new Gateway(setId, uri, flags, priority, parsed);
      if (!seen.add(gw.key())) {
        throw new DispatcherConfigException(
            source,
            line,
            "destination",
            "destination '" + destination + "' repeats in set " + setId);
      }
      readOrder.computeIfAbsent(setId, k -> new ArrayList<>()).add(gw);
    }

    private SipUri destination(int line, String text) throws DispatcherConfigException {
      if (text == null || text.isEmpty()) {
        throw new DispatcherConfigException(source, line, "destination", "destination is missing");
      }
      // Kamailio (pack_dest) retries a destination that does not parse with "sip:" in front.
      String withScheme = text;
      int colon = text.indexOf(':');
      String scheme = colon < 0 ? "" : text.substring(0, colon);
      if (!scheme.equalsIgnoreCase("sip") && !scheme.equalsIgnoreCase("sips")) {
        withScheme = "sip:" + text;
      }
      try {
        return SipUri.parse(withScheme);
      } catch (SipParseException e) {
        throw new DispatcherConfigException(
            source,
            line,
            "destination",
            "destination '" + text + "' is not a SIP URI: " + e.getMessage());
      }
    }

    DispatcherList build() {
      Map<Integer, GatewaySet> sets = new TreeMap<>();
      readOrder.forEach((id, gws) -> sets.put(id, GatewaySet.fromReadOrder(id, gws)));
      return new DispatcherList(Collections.unmodifiableMap(sets), List.copyOf(warnings));
    }
  }
}
