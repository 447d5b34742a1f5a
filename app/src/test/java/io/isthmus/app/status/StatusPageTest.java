package io.isthmus.app.status;

import static io.isthmus.app.ctl.LiveProduct.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.isthmus.app.ctl.LiveProduct;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: headless Chromium (Debian's {@code chromium}) loads {@code
 * /status/} from the running product (SIP 26260, NG 26422, admin 26480, relay 48200-48299, gateways
 * on 26270), runs its scripts against the JSON API, and the DOM it leaves shows the call placed by
 * the test and the gateways with their states, then a gateway that went down.
 *
 * <p>{@code -Dstatus.screenshot=FILE} also saves a 1280x900 screenshot of the page with the call
 * up, for a person to look at.
 */
class StatusPageTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Chromium exits by itself after the dump; this bounds a browser that hangs. */
  static final long BROWSER_TIMEOUT_SECONDS = 60;

  private static final LiveProduct.Ports PORTS =
      new LiveProduct.Ports(26260, 26270, 26422, 26480, 48200, 48299);

  private LiveProduct live;
  private final HttpClient http = HttpClient.newHttpClient();
  private String page;

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(
          CHROMIUM
              + " is missing: the status page test needs Debian's chromium package;"
              + " run scripts/setup (as root) to install it");
    }
    live = new LiveProduct(PORTS);
    page = live.adminUrl + "status/";
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    if (live != null) {
      live.close();
    }
  }

  @Test
  void thePageShowsTheCallAndTheGatewaysThenAGatewayGoingDown() throws Exception {
    // Every gateway has answered a probe, so the page has a settled state to show.
    assertThat(eventually(() -> api("gateways").split("\"lastProbeStatus\":200").length == 4))
        .as("all three gateways answered a probe")
        .isTrue();
    LiveProduct.PlacedCall call = live.placeCall("status-call-1@isthmus.test", 5);
    String shot = System.getProperty("status.screenshot");
    if (shot != null && !shot.isBlank()) {
      screenshot(Path.of(shot));
    }

    String dom = dumpDom();

    assertThat(attribute(dom, "p", "id", "connection", "data-state")).isEqualTo("live");
    String callRow = row(dom, "data-call-id", "status-call-1@isthmus.test");
    assertThat(callRow)
        .contains("data-state=\"answered\"")
        .contains(">status-call-1@isthmus.test<")
        .contains("public → private via sip:" + call.callee().hostPort() + " (set 2)");
    List<String> legs = legRows(dom);
    assertThat(legs).hasSize(2);
    assertThat(legs.get(0) + legs.get(1))
        .contains("data-leg=\"public\"")
        .contains("data-leg=\"private\"")
        .contains(">127.0.1.100:" + call.callerRtp().getPort() + "<")
        .contains(">" + call.relayForCaller() + "<")
        .contains(">" + call.relayForCallee() + "<");
    assertThat(legs).allSatisfy(l -> assertThat(cells(l)).contains("5", "860 B"));
    assertThat(gatewayState(dom, "sip:127.0.1.11:26270")).isEqualTo("active");
    assertThat(gatewayState(dom, "sip:127.0.2.11:26270")).isEqualTo("active");
    assertThat(gatewayState(dom, "sip:127.0.2.12:26270")).isEqualTo("active");
    assertThat(text(dom, "calls-active")).isEqualTo("1");
    assertThat(text(dom, "ports")).isEqualTo("4 of 200");

    // The gateway without the call stops answering; its probes time out and it goes down.
    var silent = call.callee() == live.gw21 ? live.gw22 : live.gw21;
    String silentUri = "sip:" + silent.hostPort();
    silent.mute(true);
    assertThat(eventually(() -> gatewayState(api("gateways"), silentUri).equals("inactive")))
        .as("the API reports %s down", silentUri)
        .isTrue();

    String after = dumpDom();

    assertThat(gatewayState(after, silentUri)).isEqualTo("inactive");
    assertThat(row(after, "data-uri", silentUri))
        .contains("class=\"state state-inactive\"")
        .contains(">inactive</span>")
        .contains(">timeout<");
    assertThat(gatewayState(after, "sip:" + call.callee().hostPort())).isEqualTo("active");
    assertThat(after).contains("data-call-id=\"status-call-1@isthmus.test\"");
  }

  @Test
  void theFilesAreServedWithTheirTypesAndNothingElseIs() throws Exception {
    HttpResponse<String> index = get("status/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("connect-src 'self'");
    assertThat(index.body()).contains("<script src=\"status.js\"></script>");
    assertThat(get("status/status.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("status/status.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    HttpResponse<String> bare = get("status");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).hasValue("/status/");
    assertThat(get("status/../api/stats").statusCode()).isIn(404, 400);
    assertThat(get("status/logback.xml").statusCode()).isEqualTo(404);
    assertThat(get("statusx").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(page))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  // ---- the browser ----------------------------------------------------------------------

  /** The DOM after the page's scripts ran for 5 s of virtual time (about five polls). */
  private String dumpDom() throws Exception {
    return chromium("--dump-dom", "--virtual-time-budget=5000");
  }

  private void screenshot(Path file) throws Exception {
    chromium(
        "--screenshot=" + file.toAbsolutePath(),
        "--window-size=1280,900",
        "--virtual-time-budget=5000");
  }

  /**
   * Runs headless Chromium on the page with a fresh profile and returns what it printed; stops it
   * (by its process id) if it overruns.
   */
  private String chromium(String... mode) throws Exception {
    Path profile = Files.createTempDirectory("isthmus-chromium");
    Path out = Files.createTempFile("isthmus-chromium", ".out");
    Path err = Files.createTempFile("isthmus-chromium", ".err");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
    command.addAll(List.of(mode));
    command.add(page);
    Process browser =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!browser.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("chromium did not finish in " + BROWSER_TIMEOUT_SECONDS + " s: " + tail(err));
      }
      if (browser.exitValue() != 0) {
        fail("chromium exited with " + browser.exitValue() + ": " + tail(err));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      browser.descendants().forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
      browser.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      deleteTree(profile);
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---- the API and the DOM --------------------------------------------------------------

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(live.adminUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String api(String what) {
    try {
      return get("api/" + what).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The state of a gateway: in the DOM its row's data-state, in the API's JSON its "state". */
  private static String gatewayState(String domOrJson, String uri) {
    if (domOrJson.startsWith("{")) {
      Matcher m =
          Pattern.compile("\"uri\":\"" + Pattern.quote(uri) + "\",\"state\":\"([a-z]+)\"")
              .matcher(domOrJson);
      return m.find() ? m.group(1) : "absent";
    }
    String row = row(domOrJson, "data-uri", uri);
    Matcher m = Pattern.compile("data-state=\"([a-z-]+)\"").matcher(row);
    assertThat(m.find()).as("state of %s in %s", uri, row).isTrue();
    // The colour follows the state, and so does the text: the badge says it in words.
    assertThat(row).contains("state-" + m.group(1) + "\"").contains(">" + m.group(1) + "</span>");
    return m.group(1);
  }

  /** The {@code <tr ...>...</tr>} whose start tag has {@code name="value"}. */
  private static String row(String dom, String name, String value) {
    Matcher m =
        Pattern.compile("<tr [^>]*" + name + "=\"" + Pattern.quote(value) + "\"[^>]*>.*?</tr>")
            .matcher(dom);
    assertThat(m.find()).as("a row with %s=%s in the DOM", name, value).isTrue();
    return m.group();
  }

  private static List<String> legRows(String dom) {
    Matcher m = Pattern.compile("<tr class=\"leg\"[^>]*>.*?</tr>").matcher(dom);
    List<String> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(m.group());
    }
    return rows;
  }

  private static List<String> cells(String row) {
    Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row);
    List<String> cells = new ArrayList<>();
    while (m.find()) {
      cells.add(m.group(1));
    }
    return cells;
  }

  private static String attribute(String dom, String tag, String key, String value, String name) {
    Matcher m =
        Pattern.compile("<" + tag + " [^>]*" + key + "=\"" + Pattern.quote(value) + "\"[^>]*>")
            .matcher(dom);
    assertThat(m.find()).as("<%s %s=%s>", tag, key, value).isTrue();
    Matcher a = Pattern.compile(name + "=\"([^\"]*)\"").matcher(m.group());
    return a.find() ? a.group(1) : null;
  }

  private static String text(String dom, String id) {
    Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
    assertThat(m.find()).as("element #%s", id).isTrue();
    return m.group(1);
  }
}
