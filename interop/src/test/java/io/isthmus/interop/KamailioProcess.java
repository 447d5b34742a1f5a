package io.isthmus.interop;

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
 * The Debian Kamailio as a child process, with a configuration generated from {@code
 * kamailio/kamailio.cfg.template}: listening on both interfaces, its rtpengine module pointed at
 * the relay under test. Runs in the foreground ({@code -DD}), logs to stderr ({@code -E}) into a
 * file, keeps its runtime dir and PID file under target/. {@link #start} returns once Kamailio
 * answers an OPTIONS on both interfaces.
 */
final class KamailioProcess implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("interop.kamailio", "/usr/sbin/kamailio"));
  static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final ExternalProcess process;

  private KamailioProcess(ExternalProcess process) {
    this.process = process;
  }

  /**
   * Starts Kamailio on {@code sipPort} of both interfaces, its relay at 127.0.0.1:{@code ngPort}.
   */
  static KamailioProcess start(Path workDir, int sipPort, int ngPort) throws IOException {
    ExternalProcess.requireBinary(BINARY, "kamailio");
    Path dir = workDir.resolve("kamailio-" + ngPort);
    Path runtime = dir.resolve("run");
    Files.createDirectories(runtime);
    Path cfg =
        Templates.write(
            "kamailio/kamailio.cfg.template",
            Map.of(
                "PUBLIC_IF",
                Interop.PUBLIC_IF,
                "PRIVATE_IF",
                Interop.PRIVATE_IF,
                "SIP_PORT",
                Integer.toString(sipPort),
                "NG_PORT",
                Integer.toString(ngPort),
                "MODULE_DIR",
                MODULES + "/"),
            dir.resolve("kamailio.cfg"));
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
        ExternalProcess.start("kamailio", command, dir, dir.resolve("kamailio.log"));
    try {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      for (String address : List.of(Interop.PUBLIC_IF, Interop.PRIVATE_IF)) {
        while (!answersOptions(address, sipPort)) {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "kamailio exited during start-up\n" + process.logTail(40));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "kamailio did not answer OPTIONS within " + STARTUP + "\n" + process.logTail(40));
          }
        }
      }
      return new KamailioProcess(process);
    } catch (IOException | RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /** Sends one OPTIONS from the party's address on that side and waits 200 ms for a 200. */
  private static boolean answersOptions(String address, int sipPort) throws IOException {
    String party = address.equals(Interop.PUBLIC_IF) ? Interop.PUBLIC_PARTY : Interop.PRIVATE_PARTY;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(party, 0))) {
      s.setSoTimeout(200);
      String branch = "z9hG4bK-probe-" + System.nanoTime();
      String options =
          "OPTIONS sip:"
              + address
              + ":"
              + sipPort
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP "
              + party
              + ":"
              + s.getLocalPort()
              + ";branch="
              + branch
              + "\r\n"
              + "From: <sip:probe@"
              + party
              + ">;tag=probe\r\n"
              + "To: <sip:"
              + address
              + ">\r\n"
              + "Call-ID: "
              + branch
              + "\r\n"
              + "CSeq: 1 OPTIONS\r\n"
              + "Max-Forwards: 70\r\n"
              + "Content-Length: 0\r\n\r\n";
      byte[] out = options.getBytes(StandardCharsets.US_ASCII);
      s.send(
          new DatagramPacket(
              out, out.length, new InetSocketAddress(InetAddress.getByName(address), sipPort)));
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

  @Override
  public void close() {
    process.close();
  }
}
