package io.isthmus.interop.proxy;

import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.RedisServerProcess;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sentinel-managed Redis of real processes on 127.0.0.1: a redis-server master, a redis-server
 * replica of it, and one redis-server in sentinel mode ({@code redis-server sentinel.conf
 * --sentinel}, quorum 1, master down after 1 s) monitoring master {@value #MASTER}. A test kills
 * the master by its PID; the sentinel promotes the replica. No persistence anywhere.
 */
final class RedisSentinelSet implements AutoCloseable {
  static final String MASTER = "isthmus";

  final int masterPort;
  final int replicaPort;
  final int sentinelPort;
  private final List<ExternalProcess> processes = new ArrayList<>();
  private final ExternalProcess master;

  private RedisSentinelSet(Path dir, int masterPort, int replicaPort, int sentinelPort)
      throws IOException, InterruptedException {
    this.masterPort = masterPort;
    this.replicaPort = replicaPort;
    this.sentinelPort = sentinelPort;
    ExternalProcess.requireBinary(RedisServerProcess.BINARY, "redis-server");
    Files.createDirectories(dir);
    master = server(dir, "master", masterPort, List.of());
    server(
        dir,
        "replica",
        replicaPort,
        List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(
        conf,
        "port "
            + sentinelPort
            + "\nbind 127.0.0.1\ndir "
            + dir
            + "\nsentinel monitor "
            + MASTER
            + " 127.0.0.1 "
            + masterPort
            + " 1\nsentinel down-after-milliseconds "
            + MASTER
            + " 1000\nsentinel failover-timeout "
            + MASTER
            + " 10000\nsentinel parallel-syncs "
            + MASTER
            + " 1\n");
    processes.add(
        ExternalProcess.start(
            "sentinel",
            List.of(RedisServerProcess.BINARY.toString(), conf.toString(), "--sentinel"),
            dir,
            dir.resolve("sentinel.log")));
    awaitPong(sentinelPort);
  }

  /** Starts the three; returns once the sentinel knows the replica. */
  static RedisSentinelSet start(Path dir, int masterPort, int replicaPort, int sentinelPort)
      throws Exception {
    RedisSentinelSet s = new RedisSentinelSet(dir, masterPort, replicaPort, sentinelPort);
    try {
      Poll.untilTrue(
          Duration.ofSeconds(30),
          () -> "the sentinel to see the replica: " + s.sentinelInfo(),
          () -> s.sentinelInfo().contains("slaves=1"));
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Lettuce's URI of this set, as {@code ha: redis:} takes it. */
  String uri() {
    return "redis-sentinel://127.0.0.1:" + sentinelPort + "/0#" + MASTER;
  }

  /** SIGKILL of the master (the crash a failover answers). */
  void killMaster() throws InterruptedException {
    master.kill();
  }

  /** The port the sentinel names as master now. */
  int masterNow() {
    try {
      List<String> a = call(sentinelPort, "SENTINEL get-master-addr-by-name " + MASTER);
      return a.size() == 2 ? Integer.parseInt(a.get(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Keys matching {@code pattern} on the server at {@code port}, -1 when it does not answer. */
  static long count(int port, String pattern) {
    try {
      List<String> r = call(port, "EVAL \"return #redis.call('keys', ARGV[1])\" 0 " + pattern);
      return Long.parseLong(r.getFirst());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long dbSize(int port) {
    try {
      return Long.parseLong(call(port, "DBSIZE").getFirst());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  String sentinelInfo() {
    try {
      return String.join("\n", call(sentinelPort, "INFO sentinel"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private ExternalProcess server(Path dir, String name, int port, List<String> extra)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                RedisServerProcess.BINARY.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--dbfilename",
                name + ".rdb"));
    command.addAll(extra);
    ExternalProcess p = ExternalProcess.start(name, command, dir, dir.resolve(name + ".log"));
    processes.add(p);
    awaitPong(port);
    return p;
  }

  private static void awaitPong(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() - deadline < 0) {
      try {
        if (call(port, "PING").getFirst().equals("PONG")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no PONG from 127.0.0.1:" + port);
  }

  /**
   * One inline command on a fresh connection; the reply flattened: a status, integer or bulk string
   * as one element, an array as its elements (nested arrays flattened too).
   */
  static List<String> call(int port, String inline) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      List<String> into = new ArrayList<>();
      read(in, into);
      return into;
    }
  }

  private static void read(InputStream in, List<String> into) throws IOException {
    String line = line(in);
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+', ':' -> into.add(rest);
      case '-' -> throw new IOException("redis error: " + rest);
      case '$' -> {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          into.add(null);
          return;
        }
        byte[] b = in.readNBytes(n + 2);
        into.add(new String(b, 0, n, StandardCharsets.UTF_8));
      }
      case '*' -> {
        int n = Integer.parseInt(rest);
        for (int i = 0; i < n; i++) {
          read(in, into);
        }
      }
      default -> throw new IOException("unexpected reply " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (ExternalProcess p : processes.reversed()) {
      p.close();
    }
  }
}
