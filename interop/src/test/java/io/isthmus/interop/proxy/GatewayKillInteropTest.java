package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.Interop;
import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import io.isthmus.proxy.transaction.Timeout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A gateway SIGKILLed under 100 calls/s, then started again, with the shipped {@code
 * config/isthmus.yaml} (only its ports moved to the proxy tests' plan, the relay's port range and
 * delete delay fitted to it, and the log level raised): two sipp gateways on the private side, a
 * sipp caller on the public one. The killed gateway's port answers ICMP port unreachable; the calls
 * that meet it move on as that error comes back, not after the no-response timer (none of the
 * proxy's INVITE branches ends on that timer, and no call's INVITE -> 200 comes near it). Probes of
 * the down gateway every {@code down-interval} bring the restarted one back: its first INVITE
 * arrives within 1 s of its start. Figures (printed): INVITE -> 200 of the slowest calls, and the
 * restart-to-first-INVITE gap.
 */
class GatewayKillInteropTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final int RATE = 100;
  private static final int CALLS = 1000;
  private static final int ADMIN = 27508;
  private static final Duration SIPP_RUN = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final String KILLED = ProxyInterop.PRIVATE_GATEWAY_2;

  /** The shipped config with the proxy tests' ports; probing and failover values untouched. */
  private static Path shippedConfig(Path dir) throws IOException {
    String text =
        Files.readString(ROOT.resolve("config/isthmus.yaml"))
            .replace("port: 5060 ", "port: " + ProxyInterop.PROXY_SIP + " ")
            .replace(":5060 ", ":" + ProxyInterop.GATEWAY_SIP + " ")
            .replace("127.0.0.1:22222", "127.0.0.1:" + ProxyInterop.ISTHMUS_NG)
            .replace("127.0.0.1:8080", "127.0.0.1:" + ADMIN)
            .replace("port-min: 30000 ", "port-min: " + ProxyInterop.ISTHMUS_PORT_MIN + " ")
            .replace("port-max: 39999 ", "port-max: " + ProxyInterop.ISTHMUS_PORT_MAX + " ")
            .replace("max-sessions: 2500 ", "max-sessions: 250 ") // what 1000 ports hold
            .replace("delete-delay: 30s ", "delete-delay: 0s ") // ports free at once: 1000 calls
            .replace("  level: info ", "  level: warn "); // 400 call-log lines a second otherwise
    assertThat(text).contains(":" + ProxyInterop.GATEWAY_SIP + " ").contains("down-interval");
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void callsMeetingAKilledGatewayFailOverOnItsIcmpAndTheRestartedOneIsBackWithinASecond()
      throws Exception {
    Path dir = ProxyInterop.freshDir("gateway-kill");
    Path config = shippedConfig(dir);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      Sipp live = Sipp.gateway(dir, ProxyInterop.PRIVATE_GATEWAY_1, Interop.PRIVATE_IF);
      open.add(live);
      Sipp doomed = Sipp.gateway(dir, KILLED, Interop.PRIVATE_IF);
      open.add(doomed);
      Product product =
          switch (ConfigLoader.load(config)) {
            case ConfigResult.Valid v ->
                Product.start(v.config(), Product.Roles.PROXY_AND_RELAY, config);
            case ConfigResult.Invalid i -> throw new AssertionError(config + ": " + i.errors());
          };
      open.add(product);
      for (String gw : List.of(ProxyInterop.PRIVATE_GATEWAY_1, KILLED)) {
        Poll.untilTrue(
            SETTLE,
            () -> "a 200 to the probes of " + gw + ": " + gateway(product, gw),
            () -> gateway(product, gw).lastProbeStatus() == 200);
      }
      long timeoutsBefore =
          product.proxy().transactionCounter(m -> m.timeouts(Timeout.NO_RESPONSE));

      Sipp caller =
          Sipp.caller(
              dir,
              "caller",
              "proxy/uac.xml",
              Map.of(
                  "RELAY_IF_RE", Interop.PUBLIC_IF.replace(".", "\\."),
                  "RTP_PORT", Integer.toString(ProxyInterop.CALLER_RTP),
                  "VIDEO_PORT", Integer.toString(ProxyInterop.CALLER_VIDEO),
                  "CALL_MS", "0"),
              Interop.PUBLIC_PARTY,
              Interop.PUBLIC_IF,
              CALLS,
              RATE,
              List.of("-trace_rtt", "-rtt_freq", "1"));
      open.add(caller);
      Supplier<String> logs = () -> caller.diagnosis() + live.diagnosis();

      Poll.untilTrue(
          SIPP_RUN,
          () -> "300 calls before the kill" + logs.get(),
          () -> successful(caller) >= 300);
      doomed.kill();
      Poll.untilTrue(
          SETTLE,
          () -> KILLED + " to be marked down: " + gateway(product, KILLED),
          () -> gateway(product, KILLED).state() == GatewayState.INACTIVE);
      Poll.untilTrue(
          SIPP_RUN,
          () -> "300 calls while it is dead" + logs.get(),
          () -> successful(caller) >= 600);

      long restartedAt = System.currentTimeMillis();
      Sipp restarted = Sipp.gateway(dir.resolve("restarted"), KILLED, Interop.PRIVATE_IF);
      open.add(restarted);

      assertThat(caller.waitFor(SIPP_RUN))
          .as(() -> "caller's exit code" + logs.get())
          .isBetween(0, 1);
      SippStats stats = caller.stats().orElseThrow();
      // A call the killed gateway had answered an instant before its death loses its BYE (nobody
      // answers it any more); with no pause between ACK and BYE that is a call or two at most.
      assertThat(stats.successful() + stats.failed()).as(stats::toString).isEqualTo(CALLS);
      assertThat(stats.failed()).as(() -> stats + logs.get()).isLessThanOrEqualTo(2);

      assertThat(
              product.proxy().transactionCounter(m -> m.timeouts(Timeout.NO_RESPONSE))
                  - timeoutsBefore)
          .as("INVITE branches that waited for the no-response timer")
          .isZero();
      assertThat(product.proxy().transactionCounter(m -> m.transportErrors()))
          .as("branches ended by the dead gateway's ICMP")
          .isPositive();

      List<Double> setup = rtds(caller.dir());
      assertThat(setup).hasSizeGreaterThanOrEqualTo(CALLS - 2);
      List<Double> slowest =
          setup.stream().sorted((a, b) -> Double.compare(b, a)).limit(5).toList();
      System.out.println(
          "gateway kill: slowest INVITE -> 200 (ms) "
              + slowest
              + ", failed calls "
              + stats.failed()
              + ", branches ended on a transport error "
              + product.proxy().transactionCounter(m -> m.transportErrors()));
      assertThat(slowest.getFirst())
          .as("the slowest call's INVITE -> 200 in ms, far below the 1 s no-response timer")
          .isLessThan(500.0);

      OptionalLong firstInvite = firstInviteMillis(restarted.messages());
      assertThat(firstInvite).as("the restarted gateway got calls").isPresent();
      long gap = firstInvite.getAsLong() - restartedAt;
      System.out.println("gateway kill: restart -> first INVITE " + gap + " ms");
      assertThat(gap).as("ms from the restart to its first call").isLessThan(1000);
      assertThat(restarted.stats().orElseThrow().successful()).isPositive();
    } finally {
      for (AutoCloseable c : open.reversed()) {
        c.close();
      }
    }
  }

  private static GatewayStatus gateway(Product product, String address) {
    return product.dispatcher().status().stream()
        .filter(s -> s.gateway().uri().host().equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gateway " + address));
  }

  private static long successful(Sipp caller) throws IOException {
    return caller.stats().map(SippStats::successful).orElse(0L);
  }

  /** Every call's INVITE -> 200 in ms, from sipp's {@code -trace_rtt} file. */
  private static List<Double> rtds(Path dir) throws IOException {
    List<Double> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith("_rtt.csv")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
          String[] cols = line.split(";");
          if (cols.length >= 2 && !cols[0].isEmpty() && Character.isDigit(cols[0].charAt(0))) {
            out.add(Double.parseDouble(cols[1]));
          }
        }
      }
    }
    return out;
  }

  private static final DateTimeFormatter SIPP_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /** Wall-clock time of the first INVITE in a sipp message trace. */
  private static OptionalLong firstInviteMillis(Path messages) throws IOException {
    if (!Files.exists(messages)) {
      return OptionalLong.empty();
    }
    String stamp = null;
    for (String line : Files.readAllLines(messages, StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("----------") && line.length() > 26) {
        stamp = line.substring(line.length() - 26).trim();
      } else if (line.startsWith("INVITE ") && stamp != null) {
        return OptionalLong.of(
            LocalDateTime.parse(stamp, SIPP_TIME)
                .atZone(ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli());
      }
    }
    return OptionalLong.empty();
  }
}
