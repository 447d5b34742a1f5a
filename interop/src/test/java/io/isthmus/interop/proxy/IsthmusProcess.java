package io.isthmus.interop.proxy;

import io.isthmus.testkit.ExternalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code isthmus proxy} or {@code isthmus relay} as a process of its own, started from this test
 * JVM's class path (the app's main class, as the packaged jar runs it), so that a test can SIGKILL
 * it by its PID as a crash would. Its output goes to a log file in the test's directory.
 */
final class IsthmusProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final ExternalProcess process;
  private final String name;

  private IsthmusProcess(String name, ExternalProcess process) {
    this.name = name;
    this.process = process;
  }

  /** {@code isthmus ARGS...} in {@code dir}, logging to {@code dir/NAME.log}. */
  static IsthmusProcess start(Path dir, String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "io.isthmus.app.Isthmus"));
    command.addAll(args);
    return new IsthmusProcess(
        name, ExternalProcess.start(name, command, dir, dir.resolve(name + ".log")));
  }

  /** Waits until {@code GET /health} on {@code admin} answers {@code ready}, or fails. */
  void awaitReady(int adminPort, Duration limit) throws Exception {
    Poll.untilTrue(
        limit,
        () -> name + " ready on admin port " + adminPort + "\n" + process.logTail(30),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(name + " exited\n" + process.logTail(40));
          }
          return get(adminPort, "health").contains("\"ready\"");
        });
  }

  /** The body of {@code GET /PATH} on the admin endpoint, "" when it does not answer. */
  static String get(int adminPort, String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/" + path))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    return process.logTail(40);
  }

  /** SIGKILL by its PID: no shutdown hook, no goodbye to Redis or the relay. */
  void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
