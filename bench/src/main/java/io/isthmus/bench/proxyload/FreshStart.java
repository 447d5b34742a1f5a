package io.isthmus.bench.proxyload;

import io.isthmus.bench.harness.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load from the first moment: starts a fresh system (by default {@code ./isthmus run} with the
 * shipped config), waits for its {@code ready} line, and at once runs sipp at a fixed rate with
 * {@code bench/sipp/timed-uac.xml}. Reports per 1-s window (by call start, counted from the ready
 * line) the calls attempted and failed and the INVITE -> 200 p50/p95, the time to full speed (the
 * first second from which every window has p95 < 100 ms and no failure), and the run's failed
 * fraction and p95. It also notes when the admin /health first said "ready" (the warm-up done).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.proxyload.FreshStart \
 *   --command "./isthmus run --config config/isthmus.yaml" --proxy 127.0.1.1:5060 \
 *   --rate 400 --seconds 30 --call-ms 1000 --out bench/target/proxy-bench/fresh-start
 * </pre>
 *
 * The system is stopped (SIGTERM, then SIGKILL) at the end and on the harness's own exit.
 */
public final class FreshStart {
  private FreshStart() {}

  public static void main(String[] argv) throws Exception {
    Args o =
        Args.parse(
            argv,
            List.of(
                "command",
                "proxy",
                "caller",
                "scenario",
                "rate",
                "seconds",
                "call-ms",
                "sipp",
                "out",
                "ready-timeout"));
    List<String> command = Arrays.asList(o.string("command", "./isthmus run").trim().split("\\s+"));
    String proxy = o.string("proxy", "127.0.1.1:5060");
    String caller = o.string("caller", "127.0.1.100");
    int rate = o.integer("rate", 400);
    int seconds = o.integer("seconds", 30);
    Path out = Path.of(o.string("out", "bench/target/proxy-bench/fresh-start")).toAbsolutePath();
    Files.createDirectories(out);
    Path scenario =
        ProxyLoad.fill(
            Path.of(o.string("scenario", "bench/sipp/timed-uac.xml")).toAbsolutePath(),
            o.string("call-ms", "1000"),
            proxy.substring(0, proxy.indexOf(':')),
            out.resolve("uac.xml"));
    SippCaller sipp =
        new SippCaller(
            Path.of(o.string("sipp", "/usr/bin/sipp")),
            scenario,
            caller,
            proxy,
            List.of("-trace_logs"));

    Process system =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(system)));
    try {
      Started s = awaitReady(system, out.resolve("system.log"), o.integer("ready-timeout", 120));
      AtomicLong healthReadyMicros = new AtomicLong(-1);
      CompletableFuture<Void> health =
          s.admin() == null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.runAsync(
                  () -> pollHealth(s.admin(), healthReadyMicros, seconds + 10),
                  r -> Thread.ofVirtual().start(r));
      StepResult step = sipp.run(out.resolve("calls"), rate, seconds, List.of(system.pid()));
      health.cancel(true);
      List<CallTimeline.CallRecord> calls = CallTimeline.read(out.resolve("calls"));
      List<StartupWindow> windows = StartupWindow.of(calls, s.readyMicros());
      String report = report(command, rate, seconds, s, healthReadyMicros.get(), calls, windows);
      System.out.print(report);
      Files.writeString(out.resolve("report.txt"), report);
      Files.writeString(out.resolve("step.tsv"), step.toLine() + "\n");
      if (s.admin() != null) {
        // The counters after the run (drops by cause, gateway states): what explains failures.
        Files.writeString(out.resolve("metrics.txt"), fetch(s.admin(), "metrics"));
      }
    } finally {
      stop(system);
    }
  }

  private static String fetch(String admin, String path) {
    URI uri = URI.create(admin.endsWith("/") ? admin + path : admin + "/" + path);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "unavailable: " + e + "\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted\n";
    }
  }

  /** When the system said ready (wall clock, µs) and its admin URL (null if it printed none). */
  record Started(long readyMicros, String admin) {}

  /** Copies the system's output to {@code log} and returns at its ready line. */
  private static Started awaitReady(Process system, Path log, int timeoutSeconds) throws Exception {
    CompletableFuture<Started> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("system-output")
        .start(
            () -> {
              String admin = null;
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(system.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter w =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  if (!ready.isDone() && line.contains(": ready")) {
                    ready.complete(new Started(nowMicros(), admin)); // first, then the copy
                  }
                  if (line.startsWith("admin: ")) {
                    admin = line.substring(7).strip();
                  }
                  w.println(line);
                  w.flush();
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException("the system exited before ready; see " + log));
            });
    return ready.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Polls GET /health every 100 ms until it answers 200 ("ready", the warm-up done). */
  private static void pollHealth(String admin, AtomicLong readyMicros, int seconds) {
    URI uri = URI.create(admin.endsWith("/") ? admin + "health" : admin + "/health");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            readyMicros.set(nowMicros());
            return;
          }
        } catch (IOException e) {
          // not listening yet: poll again
        }
        Thread.sleep(100); // the poll interval under a deadline
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String report(
      List<String> command,
      int rate,
      int seconds,
      Started s,
      long healthReadyMicros,
      List<CallTimeline.CallRecord> calls,
      List<StartupWindow> windows) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "fresh-start: %s, %d calls/s for %d s from the ready line%n",
            String.join(" ", command),
            rate,
            seconds));
    if (!calls.isEmpty()) {
      t.append(
          String.format(
              Locale.ROOT,
              "fresh-start: first call %.0f ms after ready%n",
              (calls.getFirst().startMicros() - s.readyMicros()) / 1000.0));
    }
    t.append(
        healthReadyMicros < 0
            ? "fresh-start: /health never said ready during the run\n"
            : String.format(
                Locale.ROOT,
                "fresh-start: /health ready (warm-up done) %.1f s after the ready line%n",
                (healthReadyMicros - s.readyMicros()) / 1e6));
    t.append("window  calls failed  p50 ms  p95 ms  (< not at full speed)\n");
    for (StartupWindow w : windows) {
      t.append(w.toLine()).append('\n');
    }
    long failed = calls.stream().filter(CallTimeline.CallRecord::failed).count();
    List<Integer> setup = new ArrayList<>();
    for (CallTimeline.CallRecord c : calls) {
      if (c.answeredMicros() >= 0) {
        setup.add((int) Math.round(c.setupMillis()));
      }
    }
    int full = StartupWindow.timeToFullSpeed(windows);
    t.append(
        String.format(
            Locale.ROOT,
            "fresh-start: time to full speed %s (every later window: 0 failed, p95 < %.0f ms)%n",
            full < 0 ? "never" : full + " s",
            StepResult.MAX_P95_MILLIS));
    t.append(
        String.format(
            Locale.ROOT,
            "fresh-start: %d calls, %d failed (%.2f %%), INVITE->200 p50 %.0f ms, p95 %.0f ms%n",
            calls.size(),
            failed,
            calls.isEmpty() ? 0.0 : 100.0 * failed / calls.size(),
            SippCaller.percentile(setup, 0.50),
            SippCaller.percentile(setup, 0.95)));
    return t.toString();
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static void stop(Process p) {
    try {
      // The whole tree: ./isthmus execs java, but a wrapper (taskset, a shell) may sit above it.
      p.descendants().forEach(ProcessHandle::destroy);
      SippCaller.stop(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
