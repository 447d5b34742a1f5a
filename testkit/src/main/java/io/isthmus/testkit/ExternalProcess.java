package io.isthmus.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program under test (rtpengine, Kamailio, sipp) running as a child process, with its stdout and
 * stderr in one log file for diagnosis. {@link #close()} ends it by its own PID: SIGTERM, then
 * SIGKILL if it has not exited after a grace period. Nothing else is ever signalled.
 */
public final class ExternalProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path log;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, logging to {@code log}. */
  public static ExternalProcess start(String name, List<String> command, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    Files.writeString(log, "# " + String.join(" ", command) + "\n");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new ExternalProcess(name, p, log);
  }

  /** Fails with a message naming the package and scripts/setup when {@code binary} is missing. */
  public static void requireBinary(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(
          binary
              + " is missing: these tests need the Debian package '"
              + debianPackage
              + "'. Run scripts/setup (CI does) to install it.");
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Waits for the exit; returns the exit code, or fails naming the log on timeout. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "\n" + logTail(40));
    }
    return process.exitValue();
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return "--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  /** SIGKILL to our PID (a crash, as a fault test wants it); waits for the exit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGTERM to our PID, SIGKILL after the grace period; always returns. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
