package io.isthmus.interop.proxy;

import io.isthmus.interop.Templates;
import io.isthmus.testkit.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sipp process of the proxy tests, each in its own directory under target/interop/proxy with
 * its scenario, statistics ({@code stats.csv}, a row per second), message trace ({@code
 * messages.log}), unexpected messages ({@code errors.log}) and output log. Bound to its own address
 * ({@code -bind_local}): the proxy tells the networks apart by the source address.
 */
final class Sipp implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("interop.sipp", "/usr/bin/sipp"));

  private final ExternalProcess process;
  private final Path dir;

  private Sipp(ExternalProcess process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * A gateway (sipp UAS with {@code proxy/gateway.xml}) on {@code address}: answers every INVITE
   * whose SDP names {@code relay}, echoes RTP (-rtp_echo), answers OPTIONS probes (-aa). Runs until
   * closed.
   */
  static Sipp gateway(Path testDir, String address, String relay) throws IOException {
    Path dir = testDir.resolve("gateway-" + address);
    Path scenario =
        Templates.write(
            "proxy/gateway.xml",
            Map.of("RELAY_IF_RE", relay.replace(".", "\\.")),
            dir.resolve("gateway.xml"));
    List<String> command = common(scenario, address, ProxyInterop.GATEWAY_SIP, dir);
    command.addAll(
        List.of(
            "-mp", Integer.toString(ProxyInterop.GATEWAY_MEDIA), "-rtp_echo", "-aa", "-trace_msg"));
    command.addAll(List.of("-message_file", dir.resolve("messages.log").toString()));
    return start("gateway-" + address, command, dir);
  }

  /**
   * A caller placing {@code calls} calls at {@code rate} calls/s from {@code address} to the proxy
   * at {@code proxy}, with the scenario {@code resource} filled with {@code values}. It exits when
   * the calls are done; its exit code is 0 when every call succeeded.
   */
  static Sipp caller(
      Path testDir,
      String name,
      String resource,
      Map<String, String> values,
      String address,
      String proxy,
      int calls,
      int rate)
      throws IOException {
    return caller(testDir, name, resource, values, address, proxy, calls, rate, List.of());
  }

  /**
   * {@link #caller} with more sipp options (before the target): {@code -trace_rtt}, {@code -au
   * alice -ap secret}, ...
   */
  static Sipp caller(
      Path testDir,
      String name,
      String resource,
      Map<String, String> values,
      String address,
      String proxy,
      int calls,
      int rate,
      List<String> extra)
      throws IOException {
    Path dir = testDir.resolve(name);
    String file = Path.of(resource).getFileName().toString();
    Path scenario = Templates.write(resource, values, dir.resolve(file));
    List<String> command = common(scenario, address, ProxyInterop.CALLER_SIP, dir);
    command.addAll(
        List.of(
            "-mp",
            Integer.toString(ProxyInterop.CALLER_SIPP_MEDIA),
            "-m",
            Integer.toString(calls),
            "-r",
            Integer.toString(rate),
            "-timeout",
            "60s",
            "-timeout_error",
            "-trace_msg",
            "-message_file",
            dir.resolve("messages.log").toString(),
            "-trace_screen",
            "-screen_file",
            dir.resolve("screen.log").toString()));
    command.addAll(extra);
    command.add(proxy + ":" + ProxyInterop.PROXY_SIP);
    return start(name, command, dir);
  }

  /**
   * A flooder: {@code resource} (requests sent and forgotten) at {@code rate} scenarios/s from
   * {@code address} to {@code proxy}:{@code port}, {@code calls} in all; no message trace (at
   * thousands per second it would be the bottleneck).
   */
  static Sipp flooder(
      Path testDir,
      String name,
      String resource,
      String address,
      String proxy,
      int port,
      int calls,
      int rate)
      throws IOException {
    Path dir = testDir.resolve(name);
    Path scenario =
        Templates.write(resource, Map.of(), dir.resolve(Path.of(resource).getFileName()));
    List<String> command = common(scenario, address, ProxyInterop.CALLER_SIP + 1, dir);
    command.addAll(
        List.of("-m", Integer.toString(calls), "-r", Integer.toString(rate), proxy + ":" + port));
    return start(name, command, dir);
  }

  private static List<String> common(Path scenario, String address, int port, Path dir) {
    return new ArrayList<>(
        List.of(
            BINARY.toString(),
            "-sf",
            scenario.toString(),
            "-i",
            address,
            "-p",
            Integer.toString(port),
            "-bind_local",
            "-mi",
            address,
            "-nostdin",
            "-trace_stat",
            "-stf",
            dir.resolve("stats.csv").toString(),
            "-fd",
            "1",
            "-trace_err",
            "-error_file",
            dir.resolve("errors.log").toString()));
  }

  private static Sipp start(String name, List<String> command, Path dir) throws IOException {
    ExternalProcess.requireBinary(BINARY, "sip-tester");
    Files.createDirectories(dir);
    for (String f : List.of("stats.csv", "messages.log", "errors.log", "screen.log")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    return new Sipp(ExternalProcess.start(name, command, dir, dir.resolve("sipp.log")), dir);
  }

  /** The last statistics row sipp has written, if any yet. */
  Optional<SippStats> stats() throws IOException {
    return SippStats.read(dir.resolve("stats.csv"));
  }

  /** The message trace. */
  Path messages() {
    return dir.resolve("messages.log");
  }

  /** Waits for sipp to exit and returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What to show when a check fails: the end of sipp's output and of its error trace. */
  String diagnosis() {
    StringBuilder out = new StringBuilder("\n").append(process.logTail(15));
    try {
      Path errors = dir.resolve("errors.log");
      if (Files.exists(errors)) {
        List<String> lines =
            Files.readAllLines(errors, java.nio.charset.StandardCharsets.ISO_8859_1);
        out.append("\n--- ").append(errors).append(" ---\n");
        out.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
      }
      Path screen = dir.resolve("screen.log");
      if (Files.exists(screen)) {
        out.append("\n--- ").append(screen).append(" ---\n").append(Files.readString(screen));
      }
    } catch (IOException e) {
      out.append("\n(").append(e).append(")");
    }
    return out.toString();
  }

  /** The directory sipp runs in (its statistics and traces). */
  Path dir() {
    return dir;
  }

  /** SIGKILL by its PID, as a crash would: no goodbye, its sockets closed by the kernel. */
  void kill() throws InterruptedException {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    process.waitFor(java.time.Duration.ofSeconds(10));
  }

  /** Stops sipp by its PID (SIGTERM, then SIGKILL). */
  @Override
  public void close() {
    process.close();
  }
}
