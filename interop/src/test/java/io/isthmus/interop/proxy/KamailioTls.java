package io.isthmus.interop.proxy;

import io.isthmus.interop.Templates;
import io.isthmus.testkit.ExternalProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Debian Kamailio with its tls module (kamailio-tls-modules) as a child process, from {@code
 * kamailio-tls/kamailio.cfg.template} and {@code tls.cfg.template}: the front of the public side
 * and a gateway of the private side (see the template). {@link #start} returns once it answers an
 * OPTIONS over UDP on both addresses; {@link #close} stops it by its PID.
 */
final class KamailioTls implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("interop.kamailio", "/usr/sbin/kamailio"));
  static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final ExternalProcess process;

  private KamailioTls(ExternalProcess process) {
    this.process = process;
  }

  /**
   * @param values the template's placeholders, except MODULE_DIR and TLS_CFG
   * @param probes the UDP addresses (ip:port) that must answer OPTIONS before it counts as up
   */
  static KamailioTls start(Path dir, Map<String, String> values, List<InetSocketAddress> probes)
      throws IOException {
    ExternalProcess.requireBinary(BINARY, "kamailio");
    if (!Files.isRegularFile(MODULES.resolve("tls.so"))) {
      throw new IllegalStateException(
          MODULES.resolve("tls.so")
              + " is missing: install the Debian package kamailio-tls-modules (scripts/setup)");
    }
    Path runtime = dir.resolve("run");
    Files.createDirectories(runtime);
    Path tls = Templates.write("kamailio-tls/tls.cfg.template", values, dir.resolve("tls.cfg"));
    Map<String, String> all = new java.util.HashMap<>(values);
    all.put("MODULE_DIR", MODULES + "/");
    all.put("TLS_CFG", tls.toString());
    Path cfg =
        Templates.write("kamailio-tls/kamailio.cfg.template", all, dir.resolve("kamailio.cfg"));
    List<String> command =
        List.of(
            BINARY.toString(),
            "-f",
            cfg.toString(),
            "-DD",
            "-E",
            "-m",
            "64",
            "-M",
            "8",
            "-Y",
            runtime.toString(),
            "-P",
            runtime.resolve("kamailio.pid").toString(),
            "-w",
            dir.toString());
    ExternalProcess process =
        ExternalProcess.start("kamailio-tls", command, dir, dir.resolve("kamailio.log"));
    try {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      for (InetSocketAddress probe : probes) {
        while (!answersOptions(probe)) {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "kamailio exited during start-up\n" + process.logTail(40));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "kamailio did not answer OPTIONS on "
                    + probe
                    + " within "
                    + STARTUP
                    + "\n"
                    + process.logTail(40));
          }
        }
      }
      return new KamailioTls(process);
    } catch (IOException | RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /** One OPTIONS from an ephemeral port of the same address; 200 ms for the 200. */
  private static boolean answersOptions(InetSocketAddress to) throws IOException {
    InetAddress local = to.getAddress();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0))) {
      s.setSoTimeout(200);
      String host = local.getHostAddress();
      String branch = "z9hG4bK-probe-" + System.nanoTime();
      String options =
          ("OPTIONS sip:%1$s:%2$d SIP/2.0\r\nVia: SIP/2.0/UDP %1$s:%3$d;branch=%4$s\r\n"
                  + "From: <sip:probe@%1$s>;tag=probe\r\nTo: <sip:%1$s>\r\nCall-ID: %4$s\r\n"
                  + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
              .formatted(host, to.getPort(), s.getLocalPort(), branch);
      byte[] out = options.getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(out, out.length, to));
      byte[] in = new byte[4096];
      DatagramPacket reply = new DatagramPacket(in, in.length);
      s.receive(reply);
      return new String(in, 0, reply.getLength(), StandardCharsets.US_ASCII)
          .startsWith("SIP/2.0 200");
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  String logTail(int lines) {
    return process.logTail(lines);
  }

  Path log() {
    return process.log();
  }

  /** Stops Kamailio by its PID (SIGTERM, then SIGKILL). */
  @Override
  public void close() {
    process.close();
  }
}
