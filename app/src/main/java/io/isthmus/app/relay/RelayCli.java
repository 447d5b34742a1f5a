package io.isthmus.app.relay;

import io.isthmus.media.control.RelayOperator;
import io.isthmus.media.control.StatsList;
import io.isthmus.ng.bencode.JsonEncoder;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * rtpengine 10.5's CLI commands on the standalone relay, answered in its words so that {@code
 * rtpengine-ctl} and scripts reading its output keep working: {@code list numsessions}, {@code list
 * sessions all|own|foreign|CALLID}, {@code list totals}, {@code list counters}, {@code list
 * jsonstats}, {@code terminate all|own|foreign|CALLID} ({@code get} = {@code list}). Anything else
 * gets rtpengine's "Unknown or incomplete command". Runs on a listener thread, never on an event
 * loop; per-call reads wait at most {@link #CALL_DEADLINE} each.
 */
public final class RelayCli {
  /** How long one call's snapshot may take on its loop before the CLI gives up on it. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(2);

  private static final String UNKNOWN = "Unknown or incomplete command::"; // sic, as rtpengine
  private static final String MORE = "More parameters required.\n";

  private final RelayOperator relay;
  private final boolean ipv6;

  /**
   * @param ipv6 whether any relay interface is IPv6 (sessions then are not IPv4-only)
   */
  public RelayCli(RelayOperator relay, boolean ipv6) {
    this.relay = relay;
    this.ipv6 = ipv6;
  }

  /** A CLI for {@code relay} over {@code interfaces}' address families. */
  public static RelayCli of(
      RelayOperator relay, List<io.isthmus.media.net.LogicalInterface> interfaces) {
    boolean v6 = interfaces.stream().anyMatch(i -> i.local() instanceof Inet6Address);
    return new RelayCli(relay, v6);
  }

  /** The output of one command line. */
  public String handle(String line) {
    String cmd = line.strip();
    if (cmd.equals("help")) {
      return "Available sub-commands at this level:\n\tlist\n\tterminate\n\tget\n";
    }
    String rest = after(cmd, "list");
    if (rest == null) {
      rest = after(cmd, "get");
    }
    if (rest != null) {
      return rest.isEmpty() ? MORE : list(rest.substring(1));
    }
    rest = after(cmd, "terminate");
    if (rest != null) {
      return rest.isEmpty() ? MORE : terminate(rest.substring(1));
    }
    return UNKNOWN + cmd + "\n";
  }

  /** What follows {@code word} when {@code cmd} starts with it: "" or " ...", else null. */
  private static String after(String cmd, String word) {
    if (!cmd.startsWith(word)) {
      return null;
    }
    String rest = cmd.substring(word.length());
    return rest.isEmpty() || rest.charAt(0) == ' ' ? rest : null;
  }

  private String list(String what) {
    if (what.equals("help")) {
      return "Available sub-commands at this level:\n\tnumsessions\n\tsessions\n\ttotals\n"
          + "\tcounters\n\tjsonstats\n";
    }
    if (what.equals("numsessions")) {
      return numsessions();
    }
    if (what.equals("totals")) {
      return relay.statistics().toCliText();
    }
    if (what.equals("counters")) {
      return counters(relay.statistics());
    }
    if (what.equals("jsonstats")) {
      return new String(JsonEncoder.encode(relay.statistics().toNg()), StandardCharsets.UTF_8)
          + "\n";
    }
    String rest = after(what, "sessions");
    if (rest != null) {
      return rest.isEmpty() ? MORE : sessions(rest.substring(1));
    }
    return UNKNOWN + what + "\n";
  }

  private String numsessions() {
    StatsList s = relay.statistics();
    long total = Long.parseLong(s.value("sessionstotal"));
    return "Current sessions own: "
        + total
        + "\nCurrent sessions foreign: 0\nCurrent sessions total: "
        + total
        + "\nCurrent transcoded media: "
        + s.value("transcodedmedia")
        + "\nCurrent sessions ipv4 only media: "
        + (ipv6 ? 0 : total)
        + "\nCurrent sessions ipv6 only media: 0\nCurrent sessions ip mixed  media: 0\n";
  }

  private static String counters(StatsList s) {
    StringBuilder sb = new StringBuilder("\nCurrent per-second counters:\n\n");
    String[][] rows = {
      {"Packets per second (userspace)", "packetrate_user"},
      {"Bytes per second (userspace)", "byterate_user"},
      {"Errors per second (userspace)", "errorrate_user"},
      {"Packets per second (kernel)", "packetrate_kernel"},
      {"Bytes per second (kernel)", "byterate_kernel"},
      {"Errors per second (kernel)", "errorrate_kernel"},
      {"Packets per second (total)", "packetrate"},
      {"Bytes per second (total)", "byterate"},
      {"Errors per second (total)", "errorrate"},
    };
    for (String[] r : rows) {
      sb.append(' ').append(String.format("%-48s", r[0])).append(':').append(s.value(r[1]));
      sb.append('\n');
    }
    return sb.toString();
  }

  private String sessions(String which) {
    switch (which) {
      case "all", "own" -> {
        StringBuilder sb = new StringBuilder();
        for (String id : relay.callIds()) {
          wait(relay.sessionLine(id)).flatMap(o -> o).ifPresent(sb::append);
        }
        if (sb.isEmpty()) {
          return which.equals("all")
              ? "No sessions on this media relay.\n"
              : "No own sessions on this media relay.\n";
        }
        return sb.toString();
      }
      case "foreign" -> {
        return "No foreign sessions on this media relay.\n"; // no Redis: no foreign calls
      }
      default -> {
        return wait(relay.sessionDetail(which))
            .flatMap(o -> o)
            .orElse("\nCall ID not found (" + which + ").\n\n");
      }
    }
  }

  private String terminate(String which) {
    switch (which) {
      case "all", "own" -> {
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (String id : relay.callIds()) {
          pending.add(relay.terminate(id));
        }
        pending.forEach(RelayCli::wait);
        return which.equals("all")
            ? "All calls terminated by operator.\n"
            : "All own calls terminated by operator.\n";
      }
      case "foreign" -> {
        return "All foreign calls terminated by operator.\n";
      }
      default -> {
        if (wait(relay.terminate(which)).orElse(false)) {
          return "\nCall Id (" + which + ") successfully terminated by operator.\n\n";
        }
        return "\nCall Id not found (" + which + ").\n\n";
      }
    }
  }

  /** The stage's value within the deadline; empty when it failed or took too long. */
  private static <T> Optional<T> wait(CompletableFuture<T> f) {
    try {
      return Optional.ofNullable(f.get(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    }
  }
}
