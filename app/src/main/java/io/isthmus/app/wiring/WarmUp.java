package io.isthmus.app.wiring;

import io.isthmus.common.time.Clock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BencodeDecoder;
import io.isthmus.ng.bencode.BencodeEncoder;
import io.isthmus.ng.bencode.BencodeException;
import io.isthmus.ng.bencode.BencodeLimits;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bounded synthetic self-test run once at start, before {@code /health} says ready: it drives the
 * hot code paths (SIP parse, header reads, edit and serialize; NG offer/answer/delete through the
 * in-process relay; bencode encode and decode) so the JIT has compiled them before the first real
 * call instead of during it. Bounded twice: by the counts of its {@link Plan} and by its time
 * limit, whichever comes first.
 *
 * <p>Its relay calls use Call-IDs starting with {@link #CALL_ID_PREFIX}, which no phone generates,
 * and are deleted at once (delete-delay 0); the run fails if any is left behind, so a warm-up can
 * never leak ports.
 */
public final class WarmUp {
  /** Prefix of every warm-up Call-ID: never collides with a real call, filtered from metrics. */
  public static final String CALL_ID_PREFIX = "isthmus-warmup-";

  private static final long NG_REPLY_SECONDS = 2;

  /**
   * How much to run.
   *
   * @param sipMessages SIP messages parsed, read, edited and serialized (INVITE with SDP, 100, 200
   *     with SDP, ACK, BYE in turn)
   * @param ngCycles offer/answer/delete cycles through the relay (skipped without one)
   * @param bencodeRounds NG dictionaries encoded and decoded
   * @param limit the warm-up stops when this much time passed, whatever is left
   */
  public record Plan(int sipMessages, int ngCycles, int bencodeRounds, Duration limit) {
    /**
     * The default: a few thousand messages and a few hundred cycles take well under a second on a
     * warm machine and are enough for C2 to compile the parser's and relay's hot methods; the 3 s
     * cap keeps a slow or loaded host from delaying readiness for long.
     */
    public static final Plan DEFAULT = new Plan(5_000, 300, 5_000, Duration.ofSeconds(3));

    public Plan {
      if (sipMessages < 0 || ngCycles < 0 || bencodeRounds < 0) {
        throw new IllegalArgumentException("warm-up counts must be >= 0");
      }
      Objects.requireNonNull(limit, "limit");
    }
  }

  /**
   * What ran.
   *
   * @param sipMessages messages done
   * @param ngCycles relay cycles done
   * @param bencodeRounds bencode rounds done
   * @param took wall time of the whole warm-up
   * @param cutShort true when the time limit stopped it before the plan's counts
   */
  public record Result(
      int sipMessages, int ngCycles, int bencodeRounds, Duration took, boolean cutShort) {}

  /**
   * The warm-up step the product runs at start; tests inject their own (e.g. one that waits on a
   * latch, or a tiny plan) to observe the warming-up state.
   */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs the warm-up.
     *
     * @param relay the in-process relay, or null when the relay is external
     * @param direction the relay interfaces [caller side, callee side], or empty
     */
    Result run(RelayCommandHandler relay, List<String> direction) throws Exception;

    /** {@link Plan#DEFAULT} on the system clock. */
    static Step defaults() {
      return (relay, direction) -> new WarmUp(Plan.DEFAULT, relay, direction, Clock.system()).run();
    }
  }

  private final Plan plan;
  private final RelayCommandHandler relay;
  private final List<String> direction;
  private final Clock clock;
  private final byte[][] sipMessages = SyntheticTraffic.messages();
  private long deadline;

  /**
   * @param relay null: the NG cycles are skipped
   * @param direction the two relay interfaces of a call, or empty (the relay's defaults)
   */
  public WarmUp(Plan plan, RelayCommandHandler relay, List<String> direction, Clock clock) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.relay = relay;
    this.direction = List.copyOf(direction);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the plan.
   *
   * @throws IllegalStateException when a synthetic message does not parse, the relay refuses a
   *     command, or warm-up calls remain in the relay afterwards (a bug: readiness must not hide
   *     it)
   */
  public Result run() throws InterruptedException {
    long start = clock.nanos();
    deadline = start + plan.limit().toNanos();
    int sip = sip();
    int ng = relay != null ? ng() : 0;
    int bencode = bencode();
    boolean cutShort =
        sip < plan.sipMessages()
            || bencode < plan.bencodeRounds()
            || (relay != null && ng < plan.ngCycles());
    return new Result(sip, ng, bencode, Duration.ofNanos(clock.nanos() - start), cutShort);
  }

  private boolean timeLeft() {
    return clock.nanos() - deadline < 0;
  }

  private int sip() {
    int done = 0;
    long checksum = 0;
    for (; done < plan.sipMessages() && timeLeft(); done++) {
      byte[] m = sipMessages[done % sipMessages.length];
      try {
        checksum += exercise(SipParser.parseDatagram(m, 0, m.length));
      } catch (SipParseException e) {
        throw new IllegalStateException("warm-up SIP message does not parse: " + e.getMessage(), e);
      }
    }
    if (checksum < 0) { // keeps the work observable so it cannot be optimised away
      throw new IllegalStateException("negative size sum");
    }
    return done;
  }

  /** What the proxy does to a message it forwards: read the routing headers, edit, serialize. */
  private static long exercise(SipMessage message) throws SipParseException {
    long size = message.callId().length() + message.cseq().number() + message.vias().size();
    size += message.from().toString().length() + message.to().toString().length();
    size += message.contentLength();
    byte[] out =
        switch (message) {
          case SipRequest r ->
              r.edit()
                  .pushVia("SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bK-warmup")
                  .maxForwards(r.maxForwards() - 1)
                  .addRecordRoutes("<sip:127.0.2.1;lr>", "<sip:127.0.1.1;lr>")
                  .toBytes();
          case SipResponse r -> r.edit().removeTopVia().toBytes();
        };
    return size + out.length;
  }

  private int ng() throws InterruptedException {
    int done = 0;
    try {
      for (; done < plan.ngCycles() && timeLeft(); done++) {
        cycle(CALL_ID_PREFIX + done);
      }
    } finally {
      for (int i = 0; i <= done && i < plan.ngCycles(); i++) {
        // A failed cycle may have left its call: delete what is there, ignore "Unknown call-id".
        command(SyntheticTraffic.delete(CALL_ID_PREFIX + i), false);
      }
    }
    List<String> left =
        relay.relay().callIds().stream().filter(id -> id.startsWith(CALL_ID_PREFIX)).toList();
    if (!left.isEmpty()) {
      throw new IllegalStateException("warm-up calls left in the relay: " + left);
    }
    return done;
  }

  private void cycle(String callId) throws InterruptedException {
    command(SyntheticTraffic.offer(callId, direction), true);
    command(SyntheticTraffic.answer(callId), true);
    command(SyntheticTraffic.delete(callId), true);
  }

  private void command(BDict body, boolean mustSucceed) throws InterruptedException {
    NgResponse reply;
    try {
      reply =
          relay
              .handle(NgRequest.of(body))
              .toCompletableFuture()
              .get(NG_REPLY_SECONDS, TimeUnit.SECONDS);
    } catch (NgException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("warm-up NG command failed: " + e, e);
    }
    if (mustSucceed && !reply.isSuccess()) {
      throw new IllegalStateException("warm-up NG command refused: " + reply);
    }
  }

  private int bencode() {
    BDict offer = SyntheticTraffic.offer(CALL_ID_PREFIX + "bencode", direction);
    int done = 0;
    try {
      for (; done < plan.bencodeRounds() && timeLeft(); done++) {
        byte[] bytes = BencodeEncoder.encode(offer);
        BDict back = BencodeDecoder.decodeDictionary(bytes, 0, bytes.length, BencodeLimits.NG);
        if (back.size() != offer.size()) {
          throw new IllegalStateException("bencode round trip lost keys");
        }
      }
    } catch (BencodeException e) {
      throw new IllegalStateException("warm-up bencode round trip failed: " + e.getMessage(), e);
    }
    return done;
  }

  /** For the log line. */
  static String describe(Result r) {
    return String.format(
        "warm-up: %d SIP messages, %d relay offer/answer/delete cycles, %d bencode rounds in %d"
            + " ms%s",
        r.sipMessages(),
        r.ngCycles(),
        r.bencodeRounds(),
        r.took().toMillis(),
        r.cutShort() ? " (time limit reached)" : "");
  }
}
