package io.isthmus.bench.tls;

import io.isthmus.bench.harness.Args;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The cost of SIP over TLS at the proxy, measured on a running {@code isthmus run} (its PID given):
 * the CPU time of its process ({@code /proc/PID/stat}) over three kinds of phases, repeated and
 * interleaved in one run so that they share the machine's state:
 *
 * <ul>
 *   <li><b>handshakes</b>: {@code --threads} clients connect to the TLS port from 127.0.1.100, do a
 *       full handshake (the session invalidated each time, so nothing is resumed) and close, for
 *       {@code --handshake-seconds}: handshakes/s and Isthmus CPU per handshake;
 *   <li><b>UDP calls</b>: {@code --calls} calls at {@code --rate} calls/s, each INVITE (audio and
 *       video SDP), 100/180/200, ACK, BYE/200 through the proxy and the relay to the gateways;
 *   <li><b>TLS calls</b>: the same calls, each on a TLS connection of its own (its full handshake
 *       included), INVITE to BYE on it.
 * </ul>
 *
 * Each window's CPU is less Isthmus's idle CPU (probes, timers) over as long, measured before each
 * repetition. Reports per repetition and as median (min - max): handshakes/s, CPU µs per handshake,
 * CPU ms per UDP call and per TLS call, and their ratio. Never run by the tests; scripts/tls-bench
 * starts it.
 */
public final class TlsBench {
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ 100

  private final long pid;
  private final String caller;
  private final InetSocketAddress udp;
  private final InetSocketAddress tls;
  private final SSLContext context;
  private final AtomicLong sequence = new AtomicLong();
  // Isthmus's CPU per second without load (probes, timers, GC): taken off each window's CPU
  private double idle;

  private TlsBench(
      long pid, String caller, InetSocketAddress udp, InetSocketAddress tls, SSLContext context) {
    this.pid = pid;
    this.caller = caller;
    this.udp = udp;
    this.tls = tls;
    this.context = context;
  }

  /** One repetition's figures. */
  record Figures(
      double handshakesPerSecond,
      double cpuMicrosPerHandshake,
      double udpCallCpuMillis,
      double tlsCallCpuMillis,
      int udpFailed,
      int tlsFailed) {
    double ratio() {
      return tlsCallCpuMillis / udpCallCpuMillis;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a =
        Args.parse(
            argv,
            List.of(
                "pid",
                "proxy",
                "udp-port",
                "tls-port",
                "caller",
                "trust",
                "threads",
                "handshake-seconds",
                "calls",
                "rate",
                "repeat",
                "out"));
    String proxy = a.string("proxy", "127.0.1.1");
    TlsBench bench =
        new TlsBench(
            a.longValue("pid", -1),
            a.string("caller", "127.0.1.100"),
            new InetSocketAddress(InetAddress.ofLiteral(proxy), a.integer("udp-port", 5060)),
            new InetSocketAddress(InetAddress.ofLiteral(proxy), a.integer("tls-port", 5061)),
            trusting(Path.of(a.required("trust"))));
    int threads = a.integer("threads", 4);
    Duration handshakeTime = a.seconds("handshake-seconds", Duration.ofSeconds(5));
    int calls = a.integer("calls", 300);
    int rate = a.integer("rate", 50);
    int repeat = a.integer("repeat", 3);
    Path out = Path.of(a.string("out", "bench/target/tls-bench/report.txt"));

    System.out.println("tls-bench: warm-up (not counted): the JIT compiles the hot code");
    for (int w = 0; w < 2; w++) {
      bench.handshakes(threads, handshakeTime);
      bench.calls(false, calls, rate);
      bench.calls(true, calls, rate);
    }
    List<Figures> runs = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      bench.idle = bench.idleCpuPerSecond(Duration.ofSeconds(3));
      double[] hs = bench.handshakes(threads, handshakeTime);
      double[] udpCall = bench.calls(false, calls, rate);
      double[] tlsCall = bench.calls(true, calls, rate);
      Figures f =
          new Figures(hs[0], hs[1], udpCall[0], tlsCall[0], (int) udpCall[1], (int) tlsCall[1]);
      runs.add(f);
      System.out.printf(
          Locale.ROOT,
          "tls-bench: run %d (idle %.1f ms CPU/s): %.0f handshakes/s, %.0f us CPU per handshake; CPU per call: UDP %.2f"
              + " ms, TLS %.2f ms (x%.2f); failed calls UDP %d, TLS %d%n",
          r,
          bench.idle / 1e6,
          f.handshakesPerSecond(),
          f.cpuMicrosPerHandshake(),
          f.udpCallCpuMillis(),
          f.tlsCallCpuMillis(),
          f.ratio(),
          f.udpFailed(),
          f.tlsFailed());
    }
    String report =
        String.format(
            Locale.ROOT,
            "TLS at the proxy, %d repetitions, median (min - max); %d CPUs%n"
                + "  full TLS handshakes/s (%d clients)  %s%n"
                + "  Isthmus CPU per handshake, us      %s%n"
                + "  Isthmus CPU per UDP call, ms       %s%n"
                + "  Isthmus CPU per TLS call, ms       %s  (a connection and handshake per call)%n"
                + "  TLS call / UDP call                %s%n"
                + "  calls per phase %d at %d calls/s; failed calls: UDP %d, TLS %d%n",
            repeat,
            Runtime.getRuntime().availableProcessors(),
            threads,
            summary(runs, Figures::handshakesPerSecond, "%.0f"),
            summary(runs, Figures::cpuMicrosPerHandshake, "%.0f"),
            summary(runs, Figures::udpCallCpuMillis, "%.2f"),
            summary(runs, Figures::tlsCallCpuMillis, "%.2f"),
            summary(runs, Figures::ratio, "%.2f"),
            calls,
            rate,
            runs.stream().mapToInt(Figures::udpFailed).sum(),
            runs.stream().mapToInt(Figures::tlsFailed).sum());
    System.out.print(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
  }

  private static String summary(List<Figures> runs, ToDoubleFunction<Figures> f, String format) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(
        Locale.ROOT, format + " (" + format + " - " + format + ")", median, v[0], v[v.length - 1]);
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (var c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
      store.setCertificateEntry("proxy-" + i++, (X509Certificate) c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // utime, stime
  }

  /** CPU nanoseconds per second of Isthmus without load. */
  double idleCpuPerSecond(Duration time) throws Exception {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(time.toMillis()); // the idle window itself
    return (cpuNanos() - cpu0) / ((System.nanoTime() - t0) / 1e9);
  }

  /** CPU of the window since ({@code cpu0}, {@code t0}), less the idle CPU of that long. */
  private long loadCpu(long cpu0, long t0) throws IOException {
    double seconds = (System.nanoTime() - t0) / 1e9;
    return Math.max(0, cpuNanos() - cpu0 - (long) (idle * seconds));
  }

  /** Full handshakes for {@code time}: [handshakes/s, Isthmus CPU µs per handshake]. */
  double[] handshakes(int threads, Duration time) throws Exception {
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long end = t0 + time.toNanos();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        pool.submit(
            () -> {
              while (System.nanoTime() < end) {
                try (SSLSocket s = connect()) {
                  s.startHandshake();
                  s.getSession().invalidate(); // the next one is a full handshake again
                  done.incrementAndGet();
                } catch (IOException e) {
                  failed.incrementAndGet();
                }
              }
            });
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = loadCpu(cpu0, t0);
    if (failed.get() > 0) {
      System.out.println("tls-bench: " + failed.get() + " handshakes failed");
    }
    return new double[] {done.get() / seconds, cpu / 1e3 / Math.max(1, done.get())};
  }

  private SSLSocket connect() throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
    s.bind(new InetSocketAddress(InetAddress.ofLiteral(caller), 0));
    s.connect(tls, 2000);
    s.setSoTimeout(5000);
    return s;
  }

  /** {@code n} calls at {@code rate}/s: [Isthmus CPU ms per call, failed calls]. */
  double[] calls(boolean overTls, int n, int rate) throws Exception {
    AtomicInteger failed = new AtomicInteger();
    long cpu0 = cpuNanos();
    long period = 1_000_000_000L / rate;
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        long due = t0 + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // the call rate's pacing
        }
        pool.submit(
            () -> {
              try {
                if (overTls) {
                  tlsCall();
                } else {
                  udpCall();
                }
              } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
              }
            });
      }
    }
    // the calls' last messages are answered before the pool closes; CPU of the window
    long cpu = loadCpu(cpu0, t0);
    return new double[] {cpu / 1e6 / n, failed.get()};
  }

  private void udpCall() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(caller, 0))) {
      s.setSoTimeout(5000);
      Dialog d = new Dialog("UDP", s.getLocalPort(), udp);
      send(s, d.invite());
      Message ok = awaitUdp(s, "INVITE");
      d.answered(ok);
      send(s, d.inDialog("ACK", 1));
      send(s, d.inDialog("BYE", 2));
      awaitUdp(s, "BYE");
    }
  }

  private void send(DatagramSocket s, String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.US_ASCII);
    s.send(new DatagramPacket(b, b.length, udp));
  }

  private static Message awaitUdp(DatagramSocket s, String method) throws IOException {
    byte[] buf = new byte[65_535];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      Message m = Message.of(new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII));
      if (m.status() >= 200 && m.cseqMethod().equals(method)) {
        if (m.status() >= 300) {
          throw new IOException(method + " got " + m.status());
        }
        return m;
      }
    }
  }

  private void tlsCall() throws IOException {
    try (SSLSocket s = connect()) {
      s.startHandshake();
      s.getSession().invalidate();
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      Dialog d = new Dialog("TLS", s.getLocalPort(), tls);
      out.write(d.invite().getBytes(StandardCharsets.US_ASCII));
      Message ok = awaitStream(in, "INVITE");
      d.answered(ok);
      out.write(d.inDialog("ACK", 1).getBytes(StandardCharsets.US_ASCII));
      out.write(d.inDialog("BYE", 2).getBytes(StandardCharsets.US_ASCII));
      awaitStream(in, "BYE");
    }
  }

  private static Message awaitStream(InputStream in, String method) throws IOException {
    while (true) {
      Message m = Message.read(in);
      if (m.status() >= 200 && m.cseqMethod().equals(method)) {
        if (m.status() >= 300) {
          throw new IOException(method + " got " + m.status());
        }
        return m;
      }
    }
  }

  /** One call's dialog state on the caller's side. */
  private final class Dialog {
    final String transport;
    final int port;
    final InetSocketAddress proxy;
    final String callId;
    final String tag;
    Message ok;

    Dialog(String transport, int port, InetSocketAddress proxy) {
      this.transport = transport;
      this.port = port;
      this.proxy = proxy;
      long n = sequence.incrementAndGet();
      this.callId = "tls-bench-" + ProcessHandle.current().pid() + "-" + n;
      this.tag = "c" + n;
    }

    private String via(String what) {
      return "Via: SIP/2.0/"
          + transport
          + " "
          + caller
          + ":"
          + port
          + ";branch=z9hG4bK-"
          + callId
          + "-"
          + what
          + ";rport\r\n";
    }

    private String contact() {
      return "Contact: <sip:caller@"
          + caller
          + ":"
          + port
          + (transport.equals("TLS") ? ";transport=tls" : "")
          + ">\r\n";
    }

    String invite() {
      String target = "bob@" + proxy.getAddress().getHostAddress() + ":" + proxy.getPort();
      String sdp =
          "v=0\r\no=caller 1 1 IN IP4 "
              + caller
              + "\r\ns=-\r\nc=IN IP4 "
              + caller
              + "\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
              + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
      return "INVITE sip:"
          + target
          + (transport.equals("TLS") ? ";transport=tls" : "")
          + " SIP/2.0\r\n"
          + via("i")
          + "Max-Forwards: 70\r\nFrom: <sip:alice@"
          + caller
          + ">;tag="
          + tag
          + "\r\nTo: <sip:"
          + target
          + ">\r\nCall-ID: "
          + callId
          + "\r\nCSeq: 1 INVITE\r\n"
          + contact()
          + "Content-Type: application/sdp\r\nContent-Length: "
          + sdp.length()
          + "\r\n\r\n"
          + sdp;
    }

    void answered(Message ok) {
      this.ok = ok;
    }

    /** ACK or BYE along the 2xx's Record-Route set to its Contact (RFC 3261 §12.2.1.1). */
    String inDialog(String method, int cseq) {
      StringBuilder sb = new StringBuilder(method).append(' ').append(ok.contactUri());
      sb.append(" SIP/2.0\r\n").append(via(method));
      for (String rr : ok.recordRoutes()) {
        sb.append("Route: ").append(rr).append("\r\n");
      }
      sb.append("Max-Forwards: 70\r\n");
      sb.append("From: <sip:alice@").append(caller).append(">;tag=").append(tag).append("\r\n");
      sb.append("To: ").append(ok.header("To")).append("\r\n");
      sb.append("Call-ID: ").append(callId).append("\r\n");
      sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
      sb.append("Content-Length: 0\r\n\r\n");
      return sb.toString();
    }
  }

  /** A SIP response, just what a caller needs of it. */
  record Message(String text) {
    static Message of(String text) {
      return new Message(text);
    }

    /** One message from a stream: the head to its blank line, then Content-Length bytes. */
    static Message read(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        int n = head.length();
        if (n >= 4 && head.substring(n - 4).equals("\r\n\r\n")) {
          if (n == 4 || n == 2) {
            head.setLength(0); // keep-alive CRLFs
            continue;
          }
          break;
        }
      }
      if (c < 0) {
        throw new IOException("connection closed");
      }
      Message m = new Message(head.toString());
      String length = m.header("Content-Length");
      int body = length == null ? 0 : Integer.parseInt(length.strip());
      byte[] b = in.readNBytes(body);
      return new Message(head + new String(b, StandardCharsets.US_ASCII));
    }

    int status() {
      return text.startsWith("SIP/2.0 ") ? Integer.parseInt(text.substring(8, 11)) : 0;
    }

    String header(String name) {
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
        if (line.isEmpty()) {
          break;
        }
      }
      return null;
    }

    String cseqMethod() {
      String cseq = header("CSeq");
      return cseq == null ? "" : cseq.substring(cseq.indexOf(' ') + 1).strip();
    }

    List<String> recordRoutes() {
      List<String> out = new ArrayList<>();
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        if (line.regionMatches(true, 0, "Record-Route:", 0, 13)) {
          for (String v : line.substring(13).split(",")) {
            out.add(v.strip());
          }
        }
      }
      return out;
    }

    String contactUri() {
      String c = header("Contact");
      int lt = c.indexOf('<');
      return lt >= 0 ? c.substring(lt + 1, c.indexOf('>')) : c.split(";")[0];
    }
  }
}
