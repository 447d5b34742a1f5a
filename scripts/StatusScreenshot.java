import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The screenshot half of scripts/status-screenshot: opens a page in a headless Chromium through
 * its DevTools protocol, lets it run in real time (the status page's plots are drawn from what it
 * polled since it opened, so a screenshot at load would show empty plots), then writes a PNG.
 * Single-file program: {@code java StatusScreenshot.java URL OUT.png SECONDS DEVTOOLS_PORT}, with
 * Chromium already started with {@code --remote-debugging-port=DEVTOOLS_PORT}.
 */
public final class StatusScreenshot {
  private static final Pattern PAGE_SOCKET =
      Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern PAGE_SOCKET_REVERSED =
      Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: java StatusScreenshot.java URL OUT.png SECONDS DEVTOOLS_PORT");
      System.exit(2);
    }
    String url = args[0];
    Path out = Path.of(args[1]);
    long seconds = Long.parseLong(args[2]);
    int port = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newHttpClient();
    String socket = pageSocket(http, port);
    Replies replies = new Replies();
    WebSocket ws =
        http.newWebSocketBuilder().buildAsync(URI.create(socket), replies).get(10, TimeUnit.SECONDS);
    call(ws, replies, 1, "Page.enable", "{}");
    call(ws, replies, 2, "Page.navigate", "{\"url\":\"" + url + "\"}");
    Thread.sleep(Duration.ofSeconds(seconds));
    String shot = call(ws, replies, 3, "Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher m = DATA.matcher(shot);
    if (!m.find()) {
      throw new IllegalStateException("no screenshot in the DevTools reply: " + abbreviate(shot));
    }
    Files.write(out, Base64.getDecoder().decode(m.group(1)));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    System.out.println("wrote " + out + " after " + seconds + " s on " + url);
  }

  /** The DevTools socket of the browser's first page, once Chromium answers. */
  private static String pageSocket(HttpClient http, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Exception last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        String list =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = PAGE_SOCKET.matcher(list);
        if (m.find()) {
          return m.group(1);
        }
        Matcher any = PAGE_SOCKET_REVERSED.matcher(list);
        if (list.contains("\"page\"") && any.find()) {
          return any.group(1);
        }
      } catch (java.io.IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Chromium's DevTools on port " + port + " did not answer", last);
  }

  private static String call(WebSocket ws, Replies replies, int id, String method, String params)
      throws Exception {
    CompletableFuture<String> reply = replies.expect(id);
    ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
    String r = reply.get(30, TimeUnit.SECONDS);
    if (r.contains("\"error\"")) {
      throw new IllegalStateException(method + " failed: " + abbreviate(r));
    }
    return r;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /** Collects each text message and completes the future of the request id it answers. */
  private static final class Replies implements WebSocket.Listener {
    private final java.util.Map<Integer, CompletableFuture<String>> waiting =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");

    CompletableFuture<String> expect(int id) {
      return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        Matcher m = ID.matcher(message);
        if (m.find()) {
          expect(Integer.parseInt(m.group(1))).complete(message);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
