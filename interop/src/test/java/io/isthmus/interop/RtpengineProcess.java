package io.isthmus.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian rtpengine daemon as a child process, configured only by its command line: no config
 * file ({@code --config-file=none}), no fork ({@code --foreground}), no PID file, userspace
 * forwarding only ({@code --table=-1}), no Redis, logs on stderr into a file under target/, and
 * {@code --delete-delay=0} so that a deleted call is gone at once (as in Isthmus' tests).
 *
 * <p>Interfaces as in the reference deployment: {@code public/127.0.1.1} and {@code
 * private/127.0.2.1}. {@link #start} returns once the daemon answers an NG {@code ping}.
 */
public final class RtpengineProcess implements AutoCloseable {
  /** Where the Debian package rtpengine-daemon installs the daemon. */
  public static final Path BINARY =
      Path.of(System.getProperty("interop.rtpengine", "/usr/bin/rtpengine"));

  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final ExternalProcess process;
  private final NgEndpoint ng;
  private final int portMin;
  private final int portMax;

  private RtpengineProcess(ExternalProcess process, NgEndpoint ng, int portMin, int portMax) {
    this.process = process;
    this.ng = ng;
    this.portMin = portMin;
    this.portMax = portMax;
  }

  /**
   * Starts rtpengine with its NG socket on 127.0.0.1:{@code ngPort} and media ports in [{@code
   * portMin}, {@code portMax}].
   */
  public static RtpengineProcess start(
      Path workDir, String name, int ngPort, int portMin, int portMax) throws IOException {
    ExternalProcess.requireBinary(BINARY, "rtpengine-daemon");
    List<String> command =
        List.of(
            BINARY.toString(),
            "--config-file=none",
            "--foreground",
            "--table=-1",
            "--interface=public/" + Interop.PUBLIC_IF,
            "--interface=private/" + Interop.PRIVATE_IF,
            "--listen-ng=127.0.0.1:" + ngPort,
            "--port-min=" + portMin,
            "--port-max=" + portMax,
            "--log-stderr",
            "--log-level=6",
            "--no-redis-required",
            "--delete-delay=0",
            "--num-threads=2");
    ExternalProcess process =
        ExternalProcess.start(name, command, workDir, workDir.resolve(name + ".log"));
    NgEndpoint ng = null;
    try {
      ng =
          new NgEndpoint(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort),
              Duration.ofMillis(200),
              0);
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (!ng.answersPing()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "rtpengine exited during start-up\n" + process.logTail(30));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "rtpengine did not answer ping within " + STARTUP + "\n" + process.logTail(30));
        }
      }
      // Once up, give requests the same patience as Kamailio (1 s, 5 retries).
      ng.close();
      ng =
          new NgEndpoint(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort),
              Duration.ofSeconds(1),
              5);
      return new RtpengineProcess(process, ng, portMin, portMax);
    } catch (IOException | RuntimeException e) {
      if (ng != null) {
        ng.close();
      }
      process.close();
      throw e;
    }
  }

  public NgEndpoint ng() {
    return ng;
  }

  int portMin() {
    return portMin;
  }

  int portMax() {
    return portMax;
  }

  public long pid() {
    return process.pid();
  }

  public String logTail(int lines) {
    return process.logTail(lines);
  }

  @Override
  public void close() {
    try {
      ng.close();
    } finally {
      process.close();
    }
  }
}
