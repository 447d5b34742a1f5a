package io.isthmus.proxy.flood;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Per-source limits of one network (Kamailio's pike: a token bucket per source address).
 *
 * @param rate requests per second a source may send in the long run
 * @param burst requests a source may send at once above the rate
 * @param blockTime how long a source over the limit stays blocked: everything it sends is refused
 * @param reject503 answer a blocked source's requests 503 with Retry-After instead of dropping them
 *     (dropping is the default: an answer feeds a flood and tells a scanner someone is there)
 * @param maxConnections open TCP/TLS connections one source may hold on this network; 0: no cap
 * @param scannerAgents User-Agent substrings (case-insensitive) refused outright, the source then
 *     blocked: {@code friendly-scanner}, {@code sipvicious}, {@code sipcli}, ...; empty: none
 */
public record FloodSettings(
    double rate,
    int burst,
    Duration blockTime,
    boolean reject503,
    int maxConnections,
    List<String> scannerAgents) {

  /** The User-Agents of well-known SIP scanners (sipvicious, sipsak probes, sipcli, sundayddr). */
  public static final List<String> KNOWN_SCANNERS =
      List.of(
          "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sundayddr", "iWar", "VaxSIP");

  public FloodSettings {
    Objects.requireNonNull(blockTime, "blockTime");
    scannerAgents = scannerAgents.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (blockTime.isNegative()) {
      throw new IllegalArgumentException("block time is negative: " + blockTime);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("max connections is negative: " + maxConnections);
    }
  }

  /** True when {@code userAgent} names a refused scanner. */
  boolean scanner(String userAgent) {
    if (scannerAgents.isEmpty() || userAgent == null) {
      return false;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String s : scannerAgents) {
      if (ua.contains(s)) {
        return true;
      }
    }
    return false;
  }
}
