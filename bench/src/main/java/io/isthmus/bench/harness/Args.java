package io.isthmus.bench.harness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the harness mains: {@code --name value} pairs only, each name known to
 * the caller. Unknown names and missing values fail with the offending argument.
 */
public final class Args {
  private final Map<String, String> values = new HashMap<>();

  private Args() {}

  public static Args parse(String[] argv, List<String> known) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option \"" + name + "\"; known: " + known);
      }
      if (i + 1 >= argv.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      a.values.put(name.substring(2), argv[++i]);
    }
    return a;
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return v;
  }

  public int integer(String name, int fallback) {
    String v = values.get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  public long longValue(String name, long fallback) {
    String v = values.get(name);
    return v == null ? fallback : Long.parseLong(v);
  }

  /** Whole seconds ("20") or an ISO duration ("PT0.5S"). */
  public Duration seconds(String name, Duration fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    return v.startsWith("PT") ? Duration.parse(v) : Duration.ofSeconds(Long.parseLong(v));
  }

  /** {@code 127.0.0.1:22300}: a literal address, never resolved through DNS. */
  public InetSocketAddress socket(String name, String fallback) {
    String v = string(name, fallback);
    int colon = v.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--" + name + " wants address:port, got \"" + v + "\"");
    }
    return new InetSocketAddress(
        InetAddress.ofLiteral(v.substring(0, colon)), Integer.parseInt(v.substring(colon + 1)));
  }

  /** Comma-separated whole numbers of a required option, e.g. process ids {@code 123,456}. */
  public List<Long> longs(String name) {
    return Arrays.stream(required(name).split(","))
        .map(String::strip)
        .map(Long::parseLong)
        .toList();
  }

  /** Comma-separated integers, e.g. {@code 500,750,1000}. */
  public int[] integers(String name, String fallback) {
    String[] parts = string(name, fallback).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim());
    }
    return out;
  }
}
