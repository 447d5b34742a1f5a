package io.isthmus.ha.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ha.redis.RedisSettings;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpSuite;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.testkit.RedisServerProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay replication against a real redis-server, two relays in this JVM on the same interfaces and
 * ports: the active one writes its calls, the standby takes the node over when the active one lets
 * it go and relays the calls on the same ports, with learned endpoints, locks and SRTP rollover
 * counters carried over. (A SIGKILLed relay process: interop's RelayTakeoverTest.)
 */
class RelayReplicationTest {
  private static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  private static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration LEARNING = Duration.ofMillis(300);

  @TempDir Path dir;
  private RedisServerProcess redis;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServerProcess.start(dir, freePort(), "");
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : open.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // closing what is left after a failure
      }
    }
    redis.close();
  }

  /** One relay process: engine, NG layer, replication. */
  private final class Relay implements AutoCloseable {
    final RelayCommandHandler handler;
    final RelayReplication ha;
    volatile boolean serving;
    volatile String fenced;

    Relay() {
      this(redis.port(), true);
    }

    /** A relay on the Redis at {@code port}; {@code required}: false for no-redis-required. */
    Relay(int port, boolean required) {
      handler =
          RelayCommandHandler.start(
              RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
                  .withPorts(45000, 45999)
                  .withEventLoops(2, true)
                  .withLearningWindow(LEARNING),
              ControlConfig.defaults(),
              CallListener.none());
      RedisSettings r = RedisSettings.parse("127.0.0.1:" + port + "/0", Duration.ofMillis(500));
      ha =
          RelayReplication.start(
              handler.relay(),
              new RelayHaSettings(
                  "t",
                  r,
                  r,
                  1,
                  RelayHaSettings.DEFAULT_EXPIRES,
                  Duration.ofMillis(300),
                  RelayHaSettings.DEFAULT_QUEUE_CAPACITY,
                  Duration.ofSeconds(30),
                  required),
              new RelayReplication.Role() {
                @Override
                public void active() {
                  serving = true;
                }

                @Override
                public void fenced(String reason) {
                  fenced = reason;
                }
              });
      open.add(this);
    }

    NgResponse ng(BDict body) throws Exception {
      return handler.handle(NgRequest.of(body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** What a process that dies lets go of: nothing is deleted from Redis. */
    void stopAsIfDead() {
      ha.detach();
      handler.close();
      ha.close();
    }

    @Override
    public void close() {
      ha.detach();
      handler.close();
      ha.close();
    }
  }

  @Test
  void theStandbyTakesTheNodeOverAndRelaysOnTheSamePortsWithLearnedEndpointsAndSrtp()
      throws Exception {
    Relay active = new Relay();
    poll(() -> active.serving);
    Relay standby = new Relay();

    // Alice speaks SRTP and sends from another port than her SDP names (NAT): the relay learns it.
    try (DatagramSocket aliceSdp = socket("127.0.1.100");
        DatagramSocket alice = socket("127.0.1.100");
        DatagramSocket bob = socket("127.0.2.100")) {
      byte[] aliceKey = new byte[30];
      Arrays.fill(aliceKey, (byte) 7);
      String aliceInline = Base64.getEncoder().encodeToString(aliceKey);
      String offer =
          sdp("127.0.1.100", aliceSdp.getLocalPort(), "RTP/SAVP")
              + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
              + aliceInline
              + "\r\n";
      NgResponse toBob =
          active.ng(
              BDict.builder()
                  .put("command", "offer")
                  .put("call-id", "c1")
                  .put("from-tag", "a")
                  .put("sdp", offer)
                  .put("transport-protocol", "RTP/AVP")
                  .put("direction", BList.ofStrings(List.of("public", "private")))
                  .build());
      assertThat(toBob.result()).as(toBob.toString()).isEqualTo("ok");
      int priv = port(sdpOf(toBob));
      NgResponse toAlice =
          active.ng(
              BDict.builder()
                  .put("command", "answer")
                  .put("call-id", "c1")
                  .put("from-tag", "a")
                  .put("to-tag", "b")
                  .put("sdp", sdp("127.0.2.100", bob.getLocalPort(), "RTP/AVP"))
                  .build());
      assertThat(toAlice.result()).as(toAlice.toString()).isEqualTo("ok");
      int pub = port(sdpOf(toAlice));
      Matcher crypto =
          Pattern.compile("a=crypto:\\d+ AES_CM_128_HMAC_SHA1_80 inline:(\\S+)")
              .matcher(sdpOf(toAlice));
      assertThat(crypto.find()).isTrue();
      SrtpContext aliceTx =
          SrtpContext.sender(MasterKey.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, aliceInline));
      SrtpContext aliceRx =
          SrtpContext.receiver(
              MasterKey.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, crypto.group(1)), 0);

      // Alice's sequence numbers roll over while the relay learns: its rollover counter is 1.
      int seq = 65530;
      for (int i = 0; i < 10; i++, seq = (seq + 1) & 0xFFFF) {
        send(alice, aliceTx, rtp(seq, 0xA11CE), "127.0.1.1", pub);
        assertThat(receive(bob)).isNotNull();
        send(bob, null, rtp(1000 + i, 0xB0B), "127.0.2.1", priv);
        byte[] back = receive(alice);
        assertThat(back).as("bob -> alice through the relay").isNotNull();
        assertThat(unprotect(aliceRx, back)).isNotNull();
        Thread.sleep(10);
      }
      Thread.sleep(LEARNING.toMillis() + 100);
      // After the window: these packets lock both sources (and write the call once more).
      send(alice, aliceTx, rtp(seq, 0xA11CE), "127.0.1.1", pub);
      seq++;
      assertThat(receive(bob)).isNotNull();
      send(bob, null, rtp(2000, 0xB0B), "127.0.2.1", priv);
      assertThat(receive(alice)).isNotNull();
      String key = "isthmus:relay:t:call:c1";
      poll(() -> exists(key));
      Thread.sleep(200); // the lock's rewrite (20 ms after the change)

      active.stopAsIfDead();
      poll(() -> standby.serving);
      assertThat(standby.handler.relay().callIds()).containsExactly("c1");
      assertThat(standby.ha.stats().restoredCalls()).isEqualTo(1);
      assertThat(standby.ha.stats().failedRestores()).isZero();

      // Bob speaks first: the standby sends to the source it learned (not alice's SDP port), SRTP
      // under the relay's key, its sequence continuing.
      send(bob, null, rtp(2001, 0xB0B), "127.0.2.1", priv);
      byte[] toAliceAfter = receive(alice);
      assertThat(toAliceAfter).as("bob -> alice's learned source after the takeover").isNotNull();
      assertThat(unprotect(aliceRx, toAliceAfter)).isNotNull();
      assertThat(receiveWithin(aliceSdp, 200)).as("nothing to alice's SDP port").isNull();
      // Alice's SRTP with rollover counter 1 still authenticates on the standby.
      send(alice, aliceTx, rtp(seq, 0xA11CE), "127.0.1.1", pub);
      byte[] plain = receive(bob);
      assertThat(plain).as("alice (ROC 1) -> bob after the takeover").isNotNull();
      assertThat(plain).isEqualTo(rtp(seq, 0xA11CE));
      // A stranger is still dropped: the lock came over too.
      try (DatagramSocket stranger = socket("127.0.1.100")) {
        send(stranger, aliceTx, rtp(seq + 1, 0xA11CE), "127.0.1.1", pub);
        assertThat(receiveWithin(bob, 300)).isNull();
      }

      // The call ends on the standby: its key goes, nothing else is left but node keys.
      NgResponse deleted =
          standby.ng(
              BDict.builder()
                  .put("command", "delete")
                  .put("call-id", "c1")
                  .put("from-tag", "a")
                  .put("delete-delay", 0L)
                  .build());
      assertThat(deleted.result()).as(deleted.toString()).isEqualTo("ok");
      poll(() -> !exists(key));
      assertThat(nodeKeys()).containsExactlyInAnyOrder("heartbeat", "marker:0");
    }
  }

  @Test
  void aRestartedRedisGetsEveryCallBackAndTheCallsGoOn() throws Exception {
    Relay active = new Relay();
    poll(() -> active.serving);
    try (DatagramSocket a = socket("127.0.1.100");
        DatagramSocket b = socket("127.0.2.100")) {
      int[] pub = new int[3];
      int[] priv = new int[3];
      for (int i = 0; i < 3; i++) {
        priv[i] = port(sdpOf(offer(active, "r" + i, a)));
        pub[i] = port(sdpOf(answer(active, "r" + i, b)));
      }
      poll(() -> count("call:") == 3);
      long stateLost = active.ha.stats().stateLost();
      redis.kill();
      for (int i = 0; i < 3; i++) { // the calls go on while Redis is down
        send(a, null, rtp(i, 1), "127.0.1.1", pub[i]);
        assertThat(receive(b)).isNotNull();
      }
      // A call ends while Redis is down: its delete waits in the queue.
      assertThat(delete(active, "r2").result()).isEqualTo("ok");
      redis.restart();
      poll(
          () ->
              count("call:") == 2
                  && count("heartbeat") == 1
                  && active.ha.stats().stateLost() > stateLost);
      assertThat(nodeKeys())
          .containsExactlyInAnyOrder("heartbeat", "marker:0", "call:r0", "call:r1");
      for (int i = 0; i < 2; i++) {
        send(b, null, rtp(i, 2), "127.0.2.1", priv[i]);
        assertThat(receive(a)).isNotNull();
      }
      // And a flush: everything is rewritten.
      assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
      poll(() -> count("call:") == 2 && count("heartbeat") == 1);
      assertThat(active.fenced).isNull();
      for (int i = 0; i < 2; i++) {
        assertThat(delete(active, "r" + i).result()).isEqualTo("ok");
      }
      poll(() -> count("call:") == 0);
    }
  }

  @Test
  void aRingingCallAndAReInviteInFlightAreAnsweredAfterTheTakeover() throws Exception {
    Relay first = new Relay();
    poll(() -> first.serving);
    Relay second = new Relay();
    String key = "isthmus:relay:t:call:ring";
    try (DatagramSocket a = socket("127.0.1.100");
        DatagramSocket a2 = socket("127.0.1.100");
        DatagramSocket b = socket("127.0.2.100");
        var reader =
            io.isthmus.ha.redis.RedisLink.open(
                RedisSettings.parse("127.0.0.1:" + redis.port(), Duration.ofMillis(500)));
        var c = reader.connect()) {
      // Offered, not answered (ringing), when the relay dies.
      int priv = port(sdpOf(offer(first, "ring", a)));
      poll(() -> exists(key));
      Thread.sleep(100); // the snapshot 20 ms after the offer
      first.stopAsIfDead();
      poll(() -> second.serving);
      NgResponse answered = answer(second, "ring", b);
      assertThat(answered.result()).as(answered.toString()).isEqualTo("ok");
      int pub = port(sdpOf(answered));
      send(a, null, rtp(1, 1), "127.0.1.1", pub);
      assertThat(receive(b)).as("alice -> bob on the offer's port").isNotNull();
      send(b, null, rtp(1, 2), "127.0.2.1", priv);
      assertThat(receive(a)).as("bob -> alice").isNotNull();

      // A re-INVITE moves alice to another port; its offer is in flight when this relay dies.
      Relay third = new Relay();
      NgResponse reoffer =
          second.ng(
              BDict.builder()
                  .put("command", "offer")
                  .put("call-id", "ring")
                  .put("from-tag", "a")
                  .put("to-tag", "b")
                  .put("sdp", sdp("127.0.1.100", a2.getLocalPort(), "RTP/AVP"))
                  .build());
      assertThat(reoffer.result()).as(reoffer.toString()).isEqualTo("ok");
      // Wait for the record that holds the re-offer (alice's new port in the offer bob was sent),
      // not for any change: the snapshot after the RTP above may land first.
      String reoffered = "m=audio " + a2.getLocalPort() + " ";
      poll(() -> contains(c.sync().get(key), reoffered));
      second.stopAsIfDead();
      poll(() -> third.serving);
      assertThat(third.ha.stats().restoredCalls()).isEqualTo(1);
      NgResponse reanswer = answer(third, "ring", b);
      assertThat(reanswer.result()).as(reanswer.toString()).isEqualTo("ok");
      int privAfter = port(sdpOf(reoffer));
      send(b, null, rtp(2, 2), "127.0.2.1", privAfter);
      assertThat(receive(a2)).as("bob -> alice's new port after the re-INVITE").isNotNull();
      send(a2, null, rtp(2, 1), "127.0.1.1", port(sdpOf(reanswer)));
      assertThat(receive(b)).as("alice's new port -> bob").isNotNull();

      assertThat(delete(third, "ring").result()).isEqualTo("ok");
      poll(() -> !exists(key));
    }
  }

  @Test
  void aRelayServingWithoutRedisDeletesTheKeysOfCallsItDoesNotHoldOnceRedisAnswers()
      throws Exception {
    // What an earlier process of the node left: a call this one will not hold.
    assertThat(redis.command("SET isthmus:relay:t:call:old leftover")).isEqualTo("+OK");
    int port = freePort(); // nothing listens there yet
    Relay relay = new Relay(port, false);
    poll(() -> relay.serving); // no-redis-required: serving at once
    assertThat(relay.handler.relay().callIds()).isEmpty();
    try (DatagramSocket a = socket("127.0.1.100");
        DatagramSocket b = socket("127.0.2.100")) {
      offer(relay, "r0", a);
      answer(relay, "r0", b);
      try (io.isthmus.ha.TcpForwarder f = new io.isthmus.ha.TcpForwarder(port, redis.port())) {
        poll(() -> !exists("isthmus:relay:t:call:old") && exists("isthmus:relay:t:call:r0"));
        poll(() -> exists("isthmus:relay:t:heartbeat"));
        assertThat(nodeKeys()).containsExactlyInAnyOrder("heartbeat", "marker:0", "call:r0");
        assertThat(f.accepted()).isPositive();
        relay.close();
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static NgResponse offer(Relay r, String callId, DatagramSocket from) throws Exception {
    return r.ng(
        BDict.builder()
            .put("command", "offer")
            .put("call-id", callId)
            .put("from-tag", "a")
            .put("sdp", sdp("127.0.1.100", from.getLocalPort(), "RTP/AVP"))
            .put("direction", BList.ofStrings(List.of("public", "private")))
            .build());
  }

  private static NgResponse answer(Relay r, String callId, DatagramSocket from) throws Exception {
    return r.ng(
        BDict.builder()
            .put("command", "answer")
            .put("call-id", callId)
            .put("from-tag", "a")
            .put("to-tag", "b")
            .put("sdp", sdp("127.0.2.100", from.getLocalPort(), "RTP/AVP"))
            .build());
  }

  private static NgResponse delete(Relay r, String callId) throws Exception {
    return r.ng(
        BDict.builder()
            .put("command", "delete")
            .put("call-id", callId)
            .put("from-tag", "a")
            .put("delete-delay", 0L)
            .build());
  }

  /** Whether a record holds ASCII {@code text} (its received offers are SDP lines, writeUTF). */
  private static boolean contains(byte[] record, String text) {
    return record != null && new String(record, StandardCharsets.ISO_8859_1).contains(text);
  }

  private boolean exists(String key) {
    try {
      return redis.command("EXISTS " + key).equals(":1");
    } catch (IOException e) {
      return false;
    }
  }

  private long count(String what) {
    try {
      return nodeKeys().stream().filter(k -> k.startsWith(what)).count();
    } catch (IOException | AssertionError e) {
      return -1;
    }
  }

  /** The node's keys without the prefix, read with KEYS (a test Redis holds a handful). */
  private List<String> nodeKeys() throws IOException {
    long n = redis.dbSize();
    List<String> keys = new ArrayList<>();
    for (String k : List.of("heartbeat", "marker:0")) {
      if (exists("isthmus:relay:t:" + k)) {
        keys.add(k);
      }
    }
    for (String id : List.of("c1", "r0", "r1", "r2")) {
      if (exists("isthmus:relay:t:call:" + id)) {
        keys.add("call:" + id);
      }
    }
    assertThat(keys).as("every key of DBSIZE %d is one of the node's", n).hasSize((int) n);
    return keys;
  }

  private static String sdp(String ip, int port, String proto) {
    return ("v=0\no=x 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + port
            + " "
            + proto
            + " 0\n")
        .replace("\n", "\r\n");
  }

  private static String sdpOf(NgResponse r) {
    return ((BString) r.body().get("sdp")).asString();
  }

  private static int port(String sdp) {
    Matcher m = Pattern.compile("m=audio (\\d+)").matcher(sdp);
    assertThat(m.find()).as(sdp).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static byte[] rtp(int seq, int ssrc) {
    byte[] p = new byte[12 + 160];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[7] = (byte) seq;
    p[8] = (byte) (ssrc >>> 24);
    p[9] = (byte) (ssrc >>> 16);
    p[10] = (byte) (ssrc >>> 8);
    p[11] = (byte) ssrc;
    return p;
  }

  private static void send(DatagramSocket s, SrtpContext srtp, byte[] rtp, String ip, int port)
      throws IOException {
    byte[] p = rtp;
    if (srtp != null) {
      p = Arrays.copyOf(rtp, rtp.length + SrtpContext.RTP_OVERHEAD);
      int n = srtp.protectRtp(p, 0, rtp.length);
      p = Arrays.copyOf(p, n);
    }
    s.send(new DatagramPacket(p, p.length, new InetSocketAddress(InetAddress.ofLiteral(ip), port)));
  }

  private static byte[] unprotect(SrtpContext rx, byte[] srtp) {
    byte[] p = srtp.clone();
    int n = rx.unprotectRtp(p, 0, p.length);
    return n < 0 ? null : Arrays.copyOf(p, n);
  }

  private static byte[] receive(DatagramSocket s) throws IOException {
    return receiveWithin(s, 2000);
  }

  private static byte[] receiveWithin(DatagramSocket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
      return Arrays.copyOf(buf, p.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  private static DatagramSocket socket(String ip) throws IOException {
    return new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), 0));
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + DEADLINE);
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
