package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A command handler over a relay on the reference interfaces (public 127.0.1.1 first, private
 * 127.0.2.1), a fake clock, and the check every test ends with: every port returned.
 */
abstract class ControlTestSupport {
  static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  static final int PORT_MIN = 44000;
  static final int PORT_MAX = 44999;
  static final Instant WALL = Instant.parse("2026-08-01T10:00:00.250Z");

  final FakeClock clock = new FakeClock(5_000_000_000_000L);
  RelayCommandHandler handler;

  RelayConfig relayConfig() {
    return RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
        .withPorts(PORT_MIN, PORT_MAX)
        .withEventLoops(2, true);
  }

  @BeforeEach
  void startHandler() {
    handler = newHandler(ControlConfig.defaults().withWallClock(InstantSource.fixed(WALL)));
  }

  /** The handler under test: on its own loops and the fake clock, unless a test class says. */
  RelayCommandHandler newHandler(ControlConfig control) {
    return RelayCommandHandler.start(relayConfig(), control, clock, clock, CallListener.none());
  }

  @AfterEach
  void stopHandler() {
    handler.close();
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).as("public ports").isZero();
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).as("private ports").isZero();
  }

  /** Sends a request through the handler as the NG server would, and waits for the reply. */
  NgResponse send(Ng request) throws Exception {
    return send(request.build());
  }

  NgResponse send(BDict body) throws Exception {
    NgRequest req;
    try {
      req = NgRequest.of(body);
    } catch (NgException e) {
      return NgResponse.error(e.reason());
    }
    return handler.handle(req).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Sends and expects {@code ok}; returns the reply. */
  NgResponse ok(Ng request) throws Exception {
    NgResponse r = send(request);
    assertThat(r.result()).as("reply %s", r).isEqualTo("ok");
    return r;
  }

  /** The SDP of an ok reply, as text with \n line ends. */
  static String sdp(NgResponse r) {
    assertThat(r.result()).as("reply %s", r).isEqualTo("ok");
    return ((BString) r.body().get("sdp")).asString().replace("\r\n", "\n");
  }

  /** The relay port of the {@code index}-th (0-based) m-line of an SDP. */
  static int port(String sdp, int index) {
    Matcher m = Pattern.compile("(?m)^m=\\S+ (\\d+)").matcher(sdp);
    for (int i = 0; i <= index; i++) {
      if (!m.find()) {
        fail("no m-line " + index + " in " + sdp);
      }
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * Replaces relay ports with placeholders after checking them: an m= port becomes {@code PORT}
   * (even, in range), its {@code a=rtcp} becomes {@code PORT} (muxed, same port) or {@code PORT+1};
   * port 0 stays.
   */
  static String normalise(String sdp) {
    StringBuilder out = new StringBuilder();
    int rtp = -1;
    for (String line : sdp.split("\n", -1)) {
      if (line.startsWith("m=")) {
        String[] f = line.split(" ", 3);
        rtp = Integer.parseInt(f[1]);
        if (rtp != 0) {
          assertThat(rtp % 2).as("RTP port %d even", rtp).isZero();
          assertThat(rtp).as("RTP port in range").isBetween(PORT_MIN, PORT_MAX - 1);
          line = f[0] + " PORT " + f[2];
        }
      } else if (line.startsWith("a=rtcp:")) {
        String[] f = line.substring(7).split(" ", 2);
        int rtcp = Integer.parseInt(f[0]);
        String rest = f.length > 1 ? " " + f[1] : "";
        if (rtcp == rtp) {
          line = "a=rtcp:PORT" + rest;
        } else if (rtcp == rtp + 1) {
          line = "a=rtcp:PORT+1" + rest;
        } else {
          fail("a=rtcp:" + rtcp + " is neither the RTP port " + rtp + " nor the next");
        }
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
