package io.isthmus.bench.ha;

import com.sun.management.OperatingSystemMXBean;
import io.isthmus.ha.redis.RedisLink;
import io.isthmus.ha.redis.RedisSettings;
import io.isthmus.ha.relay.RelayHaSettings;
import io.isthmus.ha.relay.RelayReplication;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.testkit.RedisServerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What relay HA costs per call, with and without the calls in Redis, in one run (a benchmark, not a
 * test; loopback only): the relay engine and its NG layer in this JVM on its own two event loops, a
 * redis-server this program starts (and stops by PID), and per phase {@code calls} calls set up by
 * offer and answer, RTP both ways every 20 ms for {@code seconds} (past the 3 s learning window, so
 * every socket learns and locks), then deleted. Per phase: this process's CPU (relay and load
 * generator; the generator is the same in both phases), redis-server's CPU, and Redis's {@code INFO
 * commandstats} calls, each per call. Phases alternate, {@code runs} times each.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.ha.RelayHaCost [calls] [seconds] [runs]
 * </pre>
 */
public final class RelayHaCost {
  private static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  private static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  private static final int REDIS_PORT = 27530;

  private RelayHaCost() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path dir = Files.createTempDirectory("relay-ha-cost");
    try (RedisServerProcess redis = RedisServerProcess.start(dir, REDIS_PORT, "")) {
      RedisSettings settings =
          RedisSettings.parse("127.0.0.1:" + REDIS_PORT + "/0", Duration.ofSeconds(1));
      System.out.printf(
          "relay-ha-cost: %d calls per phase, RTP both ways for %d s, %d run(s)%n",
          calls, seconds, runs);
      for (int run = 1; run <= runs; run++) {
        for (boolean ha : new boolean[] {false, true}) {
          phase(run, ha, calls, seconds, redis, settings);
        }
      }
    }
  }

  private static void phase(
      int run, boolean ha, int calls, int seconds, RedisServerProcess redis, RedisSettings s)
      throws Exception {
    RelayCommandHandler handler =
        RelayCommandHandler.start(
            RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
                .withPorts(23800, 24799)
                .withEventLoops(2, true),
            ControlConfig.defaults().withDeleteDelay(Duration.ZERO),
            CallListener.none());
    RelayReplication replication = null;
    if (ha) {
      replication =
          RelayReplication.start(
              handler.relay(),
              RelayHaSettings.of("bench", s),
              new RelayReplication.Role() {
                @Override
                public void active() {}

                @Override
                public void fenced(String reason) {
                  System.err.println("fenced: " + reason);
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!replication.isActive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    Map<String, Long> statsBefore = commandStats(s);
    long redisCpuBefore = cpuNanos(redis.pid());
    long cpuBefore = processCpu();
    long wallBefore = System.nanoTime();
    AtomicLong received = new AtomicLong();
    DatagramSocket caller = socket("127.0.1.100");
    DatagramSocket gateway = socket("127.0.2.100");
    try {
      List<int[]> ports = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        NgResponse offer =
            ng(
                handler,
                BDict.builder()
                    .put("command", "offer")
                    .put("call-id", "bench-" + run + "-" + i)
                    .put("from-tag", "a")
                    .put("sdp", sdp("127.0.1.100", caller.getLocalPort()))
                    .put("direction", BList.ofStrings(List.of("public", "private")))
                    .build());
        NgResponse answer =
            ng(
                handler,
                BDict.builder()
                    .put("command", "answer")
                    .put("call-id", "bench-" + run + "-" + i)
                    .put("from-tag", "a")
                    .put("to-tag", "b")
                    .put("sdp", sdp("127.0.2.100", gateway.getLocalPort()))
                    .build());
        ports.add(new int[] {port(answer), port(offer)});
      }
      Thread.ofPlatform().daemon().start(() -> drain(caller, received));
      Thread.ofPlatform().daemon().start(() -> drain(gateway, received));
      byte[] rtp = new byte[172];
      rtp[0] = (byte) 0x80;
      InetAddress pub = InetAddress.ofLiteral("127.0.1.1");
      InetAddress priv = InetAddress.ofLiteral("127.0.2.1");
      long next = System.nanoTime();
      for (int tick = 0; tick < seconds * 50; tick++) {
        rtp[3] = (byte) tick;
        rtp[2] = (byte) (tick >>> 8);
        for (int[] p : ports) {
          caller.send(new DatagramPacket(rtp, rtp.length, pub, p[0]));
          gateway.send(new DatagramPacket(rtp, rtp.length, priv, p[1]));
        }
        next += TimeUnit.MILLISECONDS.toNanos(20);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
      }
      for (int i = 0; i < calls; i++) {
        ng(
            handler,
            BDict.builder()
                .put("command", "delete")
                .put("call-id", "bench-" + run + "-" + i)
                .put("from-tag", "a")
                .build());
      }
      if (replication != null) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (replication.stats().pending() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
    } finally {
      caller.close(); // the drains end with their sockets
      gateway.close();
    }
    long wall = System.nanoTime() - wallBefore;
    long cpu = processCpu() - cpuBefore;
    long redisCpu = cpuNanos(redis.pid()) - redisCpuBefore;
    Map<String, Long> statsAfter = commandStats(s);
    if (replication != null) {
      replication.detach();
    }
    handler.close();
    if (replication != null) {
      replication.close();
    }
    StringBuilder ops = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, Long> e : statsAfter.entrySet()) {
      if (e.getKey().equals("info")) {
        continue; // this program's own reads
      }
      long d = e.getValue() - statsBefore.getOrDefault(e.getKey(), 0L);
      if (d > 0) {
        total += d;
        ops.append(String.format(" %s=%.2f", e.getKey(), d / (double) calls));
      }
    }
    System.out.printf(
        "relay-ha-cost: run %d %-13s wall=%.1fs relay+load cpu/call=%.2fms redis cpu/call=%.3fms"
            + " redis ops/call=%.2f (%s ) packets received=%d%n",
        run,
        ha ? "redis" : "in-memory",
        wall / 1e9,
        cpu / 1e6 / calls,
        redisCpu / 1e6 / calls,
        total / (double) calls,
        ops.toString().strip(),
        received.get());
  }

  private static NgResponse ng(RelayCommandHandler h, BDict body) throws Exception {
    NgResponse r = h.handle(NgRequest.of(body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    if (!r.result().equals("ok")) {
      throw new IllegalStateException("NG " + body + " -> " + r);
    }
    return r;
  }

  private static int port(NgResponse r) {
    Matcher m =
        Pattern.compile("m=audio (\\d+)").matcher(((BString) r.body().get("sdp")).asString());
    if (!m.find()) {
      throw new IllegalStateException("no port in " + r);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String sdp(String ip, int port) {
    return ("v=0\no=x 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + port
            + " RTP/AVP 0\n")
        .replace("\n", "\r\n");
  }

  private static void drain(DatagramSocket s, AtomicLong count) {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!s.isClosed()) {
      try {
        s.receive(p);
        count.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static DatagramSocket socket(String ip) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), 0));
    s.setReceiveBufferSize(4 << 20);
    return s;
  }

  /** {@code INFO commandstats}: calls per command. */
  private static Map<String, Long> commandStats(RedisSettings s) {
    Map<String, Long> out = new TreeMap<>();
    try (RedisLink link = RedisLink.open(s);
        var c = link.connect()) {
      Matcher m =
          Pattern.compile("cmdstat_(\\w+):calls=(\\d+)").matcher(c.sync().info("commandstats"));
      while (m.find()) {
        out.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return out;
  }

  private static long processCpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of {@code pid} from /proc, in nanoseconds (100 ticks per second). */
  private static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10_000_000L;
  }
}
