package io.isthmus.app.config;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.proxy.dispatcher.Algorithm;
import io.isthmus.proxy.dispatcher.ProbingMode;
import io.isthmus.proxy.dispatcher.StatusSet;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The value types of the config and how their text reads. Numbers are strict decimal (no sign
 * unless allowed, no {@code 0x}, no underscores) and addresses are literals: nothing is resolved.
 */
final class Converters {
  private Converters() {}

  /** An integer in {@code min..max}. */
  static Converter<Integer> integer(String noun, int min, int max) {
    String range = max == Integer.MAX_VALUE ? min + " or more" : min + "-" + max;
    return Converter.of(
        noun,
        range,
        text -> {
          Long v = parseLong(text);
          if (v == null || v < min || v > max) {
            throw new IllegalArgumentException(); // the standard "X is not <noun>" message
          }
          return v.intValue();
        });
  }

  /** A whole number in {@code min..max}, as a long. */
  static Converter<Long> wholeNumber(String noun, long min, long max) {
    String range = max == Long.MAX_VALUE ? min + " or more" : min + "-" + max;
    return Converter.of(
        noun,
        range,
        text -> {
          Long v = parseLong(text);
          if (v == null || v < min || v > max) {
            throw new IllegalArgumentException();
          }
          return v;
        });
  }

  /** A decimal number above 0 and at most {@code max}: digits, optionally a point and digits. */
  static Converter<Double> positiveDecimal(String noun, double max) {
    return Converter.of(
        noun,
        "a number above 0 and at most "
            + (max == Math.rint(max) ? Long.toString((long) max) : Double.toString(max))
            + ", e.g. 2.5",
        text -> {
          if (!text.matches("[0-9]{1,9}(\\.[0-9]{1,6})?")) {
            throw new IllegalArgumentException();
          }
          double v = Double.parseDouble(text);
          if (!(v > 0) || v > max) {
            throw new IllegalArgumentException();
          }
          return v;
        });
  }

  /** A TCP/UDP port a socket binds to. */
  static final Converter<Integer> PORT = integer("a port", 1, 65535);

  static final Converter<Boolean> BOOLEAN =
      Converter.of(
          "a boolean",
          "true or false",
          text ->
              switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException();
              });

  /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or {@code 0}. */
  static final Converter<Duration> DURATION =
      Converter.of(
          "a duration",
          "a whole number with a unit: 500ms, 2s, 5m, 1h; or 0",
          text -> {
            if (text.equals("0")) {
              return Duration.ZERO;
            }
            int unit = 0;
            while (unit < text.length() && Character.isDigit(text.charAt(unit))) {
              unit++;
            }
            Long n = unit == 0 ? null : parseLong(text.substring(0, unit));
            if (n == null) {
              throw new IllegalArgumentException();
            }
            return switch (text.substring(unit)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> throw new IllegalArgumentException();
            };
          });

  /** An IPv4 or IPv6 address literal. */
  static final Converter<InetAddress> ADDRESS =
      Converter.of(
          "an IP address",
          "an IPv4 or IPv6 literal",
          text -> {
            try {
              return IpLiterals.parse(text);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  text + " is not an IP address (" + e.getMessage() + ")");
            }
          });

  /** {@code 127.0.0.1:22222} or {@code [::1]:22222}. */
  static final Converter<InetSocketAddress> SOCKET_ADDRESS =
      Converter.of(
          "an address and port",
          "address:port, e.g. 127.0.0.1:22222 or [::1]:22222",
          Converters::socketAddress);

  /** A subnet in CIDR notation. */
  static final Converter<Subnet> SUBNET =
      Converter.of(
          "a subnet",
          "address/prefix-length, e.g. 127.0.1.0/24",
          text -> {
            try {
              return Subnet.parse(text);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  e.getMessage() + " (expected address/prefix-length, e.g. 127.0.1.0/24)");
            }
          });

  /** rtpengine's {@code name/local[!advertised]}. */
  static final Converter<LogicalInterface> INTERFACE =
      Converter.of(
          "a media interface",
          "name/local-address[!advertised-address], e.g. public/127.0.1.1",
          text -> {
            try {
              return LogicalInterface.parse(text);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  e.getMessage()
                      + " (expected name/local-address[!advertised-address], e.g."
                      + " public/127.0.1.1)");
            }
          });

  /** A SIP transport name. */
  static final Converter<Transport> TRANSPORT =
      enumeration(
          "a SIP transport",
          Map.of("udp", Transport.UDP, "tcp", Transport.TCP, "tls", Transport.TLS));

  /** A dispatcher set id (Kamailio's setid: a non-negative number). */
  static final Converter<Integer> SET_ID = integer("a gateway set id", 0, Integer.MAX_VALUE);

  /** A dispatcher algorithm: its name, or Kamailio's number for it. */
  static final Converter<Algorithm> ALGORITHM;

  static {
    Map<String, Algorithm> names = new LinkedHashMap<>();
    for (Algorithm a : Algorithm.values()) {
      names.put(a.name().toLowerCase(Locale.ROOT).replace('_', '-'), a);
    }
    Converter<Algorithm> byName = enumeration("a dispatcher algorithm", names);
    String expected = byName.expected() + "; or Kamailio's number 0, 1, 2, 4, 5, 8, 9, 10";
    ALGORITHM =
        Converter.of(
            "a dispatcher algorithm",
            expected,
            text -> {
              Long n = parseLong(text);
              if (n != null) {
                for (Algorithm a : Algorithm.values()) {
                  if (a.number() == n) {
                    return a;
                  }
                }
                throw new IllegalArgumentException(
                    text + " is not a dispatcher algorithm (expected " + expected + ")");
              }
              return byName.parse().apply(text);
            });
  }

  static final Converter<ProbingMode> PROBING_MODE =
      enumeration(
          "a probing mode",
          Map.of(
              "all",
              ProbingMode.ALL,
              "inactive-only",
              ProbingMode.INACTIVE_ONLY,
              "flagged",
              ProbingMode.FLAGGED));

  /** Kamailio's {@code class=5;code=408} status code sets. */
  static final Converter<StatusSet> STATUS_SET =
      Converter.of(
          "a set of status codes",
          "class=N and code=NNN separated by ';', e.g. code=408;class=5",
          text -> {
            try {
              return StatusSet.parse(text);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  e.getMessage() + " (expected class=N and code=NNN separated by ';')");
            }
          });

  /** A name of the operator's choosing: letters, digits, '-', '_', '.'. */
  static final Converter<String> NAME =
      Converter.of(
          "a name",
          "letters, digits, '-', '_' or '.'",
          text -> {
            if (text.isEmpty() || !text.matches("[A-Za-z0-9_.-]+")) {
              throw new IllegalArgumentException();
            }
            return text;
          });

  /** Any non-empty text. */
  static final Converter<String> TEXT =
      Converter.of(
          "a text",
          "a non-empty value",
          text -> {
            if (text.isBlank()) {
              throw new IllegalArgumentException();
            }
            return text;
          });

  /** One of the {@code names}, exactly as written there. */
  static <T> Converter<T> enumeration(String noun, Map<String, T> names) {
    String expected = "one of: " + String.join(", ", new java.util.TreeSet<>(names.keySet()));
    if (names instanceof LinkedHashMap) {
      expected = "one of: " + String.join(", ", names.keySet());
    }
    String shown = expected;
    return Converter.of(
        noun,
        shown,
        text -> {
          T v = names.get(text);
          if (v == null) {
            throw new IllegalArgumentException();
          }
          return v;
        });
  }

  private static final String EXPECTED_SOCKET =
      " (expected address:port with an IP literal, e.g. 127.0.0.1:22222 or [::1]:22222)";

  private static InetSocketAddress socketAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException();
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          text + " is not an address and port: an IPv6 address needs brackets" + EXPECTED_SOCKET);
    }
    InetAddress address;
    try {
      address = IpLiterals.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          text + " is not an address and port: " + e.getMessage() + EXPECTED_SOCKET);
    }
    Long port = parseLong(text.substring(colon + 1));
    if (port == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          text + " is not an address and port: the port must be 1-65535" + EXPECTED_SOCKET);
    }
    return new InetSocketAddress(address, port.intValue());
  }

  /** Strict decimal: an optional '-', then 1-18 ASCII digits; null otherwise. */
  static Long parseLong(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > 18) {
      return null;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Long.parseLong(text);
  }
}
