package io.isthmus.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian dnsmasq (package {@code dnsmasq-base}) serving only the records a test gives it, on
 * 127.0.0.1 and a port of the test's choosing: no upstream servers, no hosts file, no resolv.conf,
 * so nothing a test resolves ever leaves the machine. {@link #start} returns once it answers a
 * query; {@link #close} stops it by its PID.
 */
public final class DnsmasqProcess implements AutoCloseable {
  public static final Path BINARY =
      Path.of(System.getProperty("testkit.dnsmasq", "/usr/sbin/dnsmasq"));
  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final ExternalProcess process;
  private final InetSocketAddress address;

  private DnsmasqProcess(ExternalProcess process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /**
   * Starts dnsmasq on 127.0.0.1:{@code port} with {@code records}: dnsmasq options such as {@code
   * --srv-host=_sip._udp.gw.test,a.test,5060,10,60}, {@code --host-record=a.test,127.0.2.11},
   * {@code --naptr-record=...}. Records get a TTL of {@code ttlSeconds}.
   */
  public static DnsmasqProcess start(Path dir, int port, int ttlSeconds, List<String> records)
      throws IOException, InterruptedException {
    ExternalProcess.requireBinary(BINARY, "dnsmasq-base");
    Files.createDirectories(dir);
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--pid-file=",
                "--bind-interfaces",
                "--listen-address=127.0.0.1",
                "--port=" + port,
                "--local-ttl=" + ttlSeconds,
                "--log-queries",
                "--log-facility=-"));
    command.addAll(records);
    ExternalProcess p = ExternalProcess.start("dnsmasq", command, dir, dir.resolve("dnsmasq.log"));
    DnsmasqProcess d = new DnsmasqProcess(p, new InetSocketAddress("127.0.0.1", port));
    try {
      d.awaitAnswer();
    } catch (IOException | RuntimeException | InterruptedException | AssertionError e) {
      d.close();
      throw e;
    }
    return d;
  }

  /** Sends a query for the root's SOA until any answer comes back. */
  private void awaitAnswer() throws IOException, InterruptedException {
    byte[] query = {
      0x12,
      0x34,
      1,
      0,
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      0, // id, RD, one question
      0,
      0,
      6,
      0,
      1 // root, SOA, IN
    };
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.setSoTimeout(100);
      while (System.nanoTime() - deadline < 0) {
        if (!process.isAlive()) {
          throw new AssertionError("dnsmasq exited at start\n" + process.logTail(20));
        }
        s.send(new DatagramPacket(query, query.length, address));
        try {
          s.receive(new DatagramPacket(new byte[512], 512));
          return;
        } catch (SocketTimeoutException e) {
          // not up yet
        }
      }
    }
    throw new AssertionError(
        "dnsmasq did not answer within " + STARTUP + "\n" + process.logTail(20));
  }

  /** Where it answers. */
  public InetSocketAddress address() {
    return address;
  }

  /** Queries it has logged so far (one {@code query[...]} line each). */
  public long queries() {
    try {
      return Files.readAllLines(process.log()).stream().filter(l -> l.contains("query[")).count();
    } catch (IOException e) {
      return -1;
    }
  }

  public long pid() {
    return process.pid();
  }

  public String logTail(int lines) {
    return process.logTail(lines);
  }

  @Override
  public void close() {
    process.close();
  }
}
