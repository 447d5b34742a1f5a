package io.isthmus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Debian {@code redis-server} (package {@code redis-server}) on 127.0.0.1 and a port of the
 * test's choosing, with no persistence (a SIGKILL loses everything, as a crash without AOF would)
 * and keyspace notifications off unless asked for. {@link #start} returns once it answers PING;
 * {@link #kill} is the crash a fault test wants, {@link #restart} starts it again on the same port;
 * {@link #close} stops it by its PID.
 */
public final class RedisServerProcess implements AutoCloseable {
  public static final Path BINARY =
      Path.of(System.getProperty("testkit.redis", "/usr/bin/redis-server"));
  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final Path dir;
  private final int port;
  private final String keyspaceEvents;
  private ExternalProcess process;
  private int starts;

  private RedisServerProcess(Path dir, int port, String keyspaceEvents) {
    this.dir = dir;
    this.port = port;
    this.keyspaceEvents = keyspaceEvents;
  }

  /**
   * Starts redis-server on 127.0.0.1:{@code port}, working and logging in {@code dir}; {@code
   * keyspaceEvents} is Redis's {@code notify-keyspace-events} value ("" for none, e.g. "K$gx").
   */
  public static RedisServerProcess start(Path dir, int port, String keyspaceEvents)
      throws IOException, InterruptedException {
    ExternalProcess.requireBinary(BINARY, "redis-server");
    RedisServerProcess r = new RedisServerProcess(dir, port, keyspaceEvents);
    r.launch();
    return r;
  }

  private void launch() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    starts++;
    List<String> command =
        List.of(
            BINARY.toString(),
            "--bind",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            "--dir",
            dir.toString(),
            "--notify-keyspace-events",
            keyspaceEvents);
    process =
        ExternalProcess.start(
            "redis-server", command, dir, dir.resolve("redis-" + starts + ".log"));
    try {
      awaitPong();
    } catch (RuntimeException | InterruptedException | AssertionError e) {
      process.close();
      throw e;
    }
  }

  private void awaitPong() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("redis-server exited\n" + process.logTail(30));
      }
      try {
        if (command("PING").startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("redis-server did not answer PING in " + STARTUP + "\n" + logTail());
  }

  /**
   * Sends one inline command (e.g. {@code "DBSIZE"}, {@code "FLUSHALL"}) on a fresh connection and
   * returns Redis's first reply line (e.g. {@code ":3"}, {@code "+OK"}).
   */
  public String command(String inline) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }

  /** Redis's {@code DBSIZE}: how many keys exist now. */
  public long dbSize() throws IOException {
    String reply = command("DBSIZE");
    if (!reply.startsWith(":")) {
      throw new IOException("DBSIZE answered " + reply);
    }
    return Long.parseLong(reply.substring(1));
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public String logTail() {
    return process.logTail(30);
  }

  /** SIGKILL: every key is lost (no persistence). */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** Starts a new redis-server on the same port after {@link #kill} or {@link #close}. */
  public void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server is still running");
    }
    launch();
  }

  @Override
  public void close() {
    process.close();
  }
}
