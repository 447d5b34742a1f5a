package io.isthmus.proxy.e2e;

import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import io.isthmus.proxy.media.NgRequests;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian rtpengine daemon as a child process for the proxy's end-to-end tests, started the way
 * the interop module starts it: no config file, in the foreground, userspace forwarding only, the
 * reference interfaces {@code public/127.0.1.1} and {@code private/127.0.2.1}, NG on 127.0.0.1 at a
 * free port, {@code --delete-delay=0}. {@link #start} returns once it answers an NG ping; {@link
 * #close} ends it by its own PID (SIGTERM, then SIGKILL after a grace period).
 */
final class RtpengineDaemon implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("proxy.rtpengine", "/usr/bin/rtpengine"));
  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final Process process;
  private final Path log;
  private final InetSocketAddress ng;

  private RtpengineDaemon(Process process, Path log, InetSocketAddress ng) {
    this.process = process;
    this.log = log;
    this.ng = ng;
  }

  static RtpengineDaemon start(int portMin, int portMax) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          BINARY
              + " is missing: this test needs the Debian package 'rtpengine-daemon'."
              + " Run scripts/setup (CI does) to install it.");
    }
    int ngPort;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ngPort = probe.getLocalPort(); // free now; rtpengine binds it a moment later
    }
    Path dir = Path.of("target", "rtpengine");
    Files.createDirectories(dir);
    Path log = dir.resolve("rtpengine-" + ngPort + ".log");
    List<String> command =
        List.of(
            BINARY.toString(),
            "--config-file=none",
            "--foreground",
            "--table=-1",
            "--interface=public/127.0.1.1",
            "--interface=private/127.0.2.1",
            "--listen-ng=127.0.0.1:" + ngPort,
            "--port-min=" + portMin,
            "--port-max=" + portMax,
            "--log-stderr",
            "--log-level=6",
            "--no-redis-required",
            "--delete-delay=0",
            "--num-threads=2");
    Files.writeString(log, "# " + String.join(" ", command) + "\n");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    RtpengineDaemon d =
        new RtpengineDaemon(
            p, log, new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort));
    try {
      d.awaitPing();
      return d;
    } catch (Exception | AssertionError e) {
      d.close();
      throw e;
    }
  }

  private void awaitPing() throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try (NgClient client =
        NgClient.start(NgClientConfig.of(ng).withTimeout(Duration.ofMillis(200), 0))) {
      while (true) {
        if (!process.isAlive()) {
          throw new AssertionError("rtpengine exited during start-up\n" + logTail());
        }
        try {
          if (client.send(NgRequests.ping()).toCompletableFuture().get().isSuccess()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // not listening yet: the next ping waits the client's timeout
        }
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("rtpengine did not answer ping within " + STARTUP);
        }
      }
    }
  }

  /** Where the daemon listens for NG commands. */
  InetSocketAddress ng() {
    return ng;
  }

  String logTail() {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM to our child's PID only
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
