package io.isthmus.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian rtpengine daemon as a child process, configured only by its command line: no config
 * file ({@code --config-file=none}), no fork ({@code --foreground}), no PID file, userspace
 * forwarding only ({@code --table=-1}), no Redis, logs on stderr into a file, and {@code
 * --delete-delay=0} so that a deleted call is gone at once (as in Isthmus' tests).
 *
 * <p>Interfaces as in the reference deployment: {@code public/127.0.1.1} and {@code
 * private/127.0.2.1}. {@link #start} returns once the daemon answers an NG {@code ping}; {@link
 * #close} ends it by its own PID (see {@link ExternalProcess}).
 */
public final class RtpengineProcess implements AutoCloseable {
  /** Where the Debian package rtpengine-daemon installs the daemon. */
  public static final Path BINARY =
      Path.of(System.getProperty("isthmus.rtpengine", "/usr/bin/rtpengine"));

  /** Media interface of the public network. */
  public static final String PUBLIC_INTERFACE = "127.0.1.1";

  /** Media interface of the private network. */
  public static final String PRIVATE_INTERFACE = "127.0.2.1";

  private static final Duration STARTUP = Duration.ofSeconds(15);
  private static final Duration PING_TIMEOUT = Duration.ofMillis(200);

  /*
   * The NG ping and its answer, bencoded by hand so that the testkit needs no NG codec: a datagram
   * is "<cookie> <bencoded dictionary>", and rtpengine answers {"result": "pong"}.
   */
  private static final String PING = "d7:command4:pinge";
  private static final String PONG = "6:result4:pong";

  private final ExternalProcess process;
  private final InetSocketAddress ng;
  private final int portMin;
  private final int portMax;

  private RtpengineProcess(
      ExternalProcess process, InetSocketAddress ng, int portMin, int portMax) {
    this.process = process;
    this.ng = ng;
    this.portMin = portMin;
    this.portMax = portMax;
  }

  /**
   * Starts rtpengine with its NG socket on 127.0.0.1:{@code ngPort} and media ports in [{@code
   * portMin}, {@code portMax}], running in {@code workDir} and logging to {@code workDir/name.log}.
   *
   * @param ngPort the NG port, or 0 for one that is free now
   * @throws AssertionError if the daemon is not installed (the message says to run scripts/setup)
   * @throws IllegalStateException if it exits or does not answer a ping during start-up
   */
  public static RtpengineProcess start(
      Path workDir, String name, int ngPort, int portMin, int portMax) throws IOException {
    ExternalProcess.requireBinary(BINARY, "rtpengine-daemon");
    int port = ngPort != 0 ? ngPort : freeUdpPort();
    List<String> command =
        List.of(
            BINARY.toString(),
            "--config-file=none",
            "--foreground",
            "--table=-1",
            "--interface=public/" + PUBLIC_INTERFACE,
            "--interface=private/" + PRIVATE_INTERFACE,
            "--listen-ng=127.0.0.1:" + port,
            "--port-min=" + portMin,
            "--port-max=" + portMax,
            "--log-stderr",
            "--log-level=6",
            "--no-redis-required",
            "--delete-delay=0",
            "--num-threads=2");
    ExternalProcess process =
        ExternalProcess.start(name, command, workDir, workDir.resolve(name + ".log"));
    InetSocketAddress ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try {
      awaitPing(process, ng);
      return new RtpengineProcess(process, ng, portMin, portMax);
    } catch (IOException | RuntimeException e) {
      process.close();
      throw e;
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort(); // free now; rtpengine binds it a moment later
    }
  }

  private static void awaitPing(ExternalProcess process, InetSocketAddress ng) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
      byte[] buffer = new byte[1500];
      for (int attempt = 1; ; attempt++) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "rtpengine exited during start-up\n" + process.logTail(30));
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "rtpengine did not answer ping within " + STARTUP + "\n" + process.logTail(30));
        }
        String cookie = "startup" + attempt;
        byte[] ping = (cookie + " " + PING).getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(ping, ping.length, ng));
        // Waits up to PING_TIMEOUT: that is the poll interval while the daemon starts.
        if (receivedPong(socket, buffer, cookie)) {
          return;
        }
      }
    }
  }

  private static boolean receivedPong(DatagramSocket socket, byte[] buffer, String cookie)
      throws IOException {
    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(in);
    } catch (SocketTimeoutException e) {
      return false; // not listening yet
    }
    String reply = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
    return reply.startsWith(cookie + " ") && reply.contains(PONG);
  }

  /** Where the daemon listens for NG commands. */
  public InetSocketAddress ng() {
    return ng;
  }

  /** The lowest media port it was given. */
  public int portMin() {
    return portMin;
  }

  /** The highest media port it was given. */
  public int portMax() {
    return portMax;
  }

  public long pid() {
    return process.pid();
  }

  /** The last {@code lines} lines of its log, for failure messages. */
  public String logTail(int lines) {
    return process.logTail(lines);
  }

  /** Ends the daemon by its PID: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    process.close();
  }
}
