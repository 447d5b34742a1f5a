package io.isthmus.app.wiring;

import io.isthmus.common.time.Clock;
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

/**
 * The warm-up of {@code isthmus proxy}, which has no relay in process to place real calls through
 * (see {@link WarmUp} for {@code isthmus run}): a bounded loop over the proxy's message code (SIP
 * parse, header reads, edit and serialize) and the NG client's (bencode encode and decode), so the
 * JIT has compiled them before the first real call. Bounded twice: by the counts of its {@link
 * Plan} and by its time limit, whichever comes first. It sends nothing anywhere.
 */
final class SyntheticWarmUp {
  /**
   * How much to run.
   *
   * @param sipMessages SIP messages parsed, read, edited and serialized (INVITE with SDP, 100, 200
   *     with SDP, ACK, BYE in turn)
   * @param bencodeRounds NG dictionaries encoded and decoded
   * @param limit the warm-up stops when this much time passed, whatever is left
   */
  record Plan(int sipMessages, int bencodeRounds, Duration limit) {
    /** A few thousand of each take well under a second on a warm machine; 3 s caps a slow one. */
    static final Plan DEFAULT = new Plan(5_000, 5_000, Duration.ofSeconds(3));

    Plan {
      if (sipMessages < 0 || bencodeRounds < 0) {
        throw new IllegalArgumentException("warm-up counts must be >= 0");
      }
      Objects.requireNonNull(limit, "limit");
    }
  }

  /**
   * What ran.
   *
   * @param sipMessages messages done
   * @param bencodeRounds bencode rounds done
   * @param took wall time
   * @param cutShort true when the time limit stopped it before the plan's counts
   */
  record Result(int sipMessages, int bencodeRounds, Duration took, boolean cutShort) {}

  private final Plan plan;
  private final Clock clock;
  private final byte[][] sipMessages = SyntheticTraffic.messages();
  private long deadline;

  SyntheticWarmUp(Plan plan, Clock clock) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the plan.
   *
   * @throws IllegalStateException when a synthetic message does not parse (a bug)
   */
  Result run() {
    long start = clock.nanos();
    deadline = start + plan.limit().toNanos();
    int sip = sip();
    int bencode = bencode();
    boolean cutShort = sip < plan.sipMessages() || bencode < plan.bencodeRounds();
    return new Result(sip, bencode, Duration.ofNanos(clock.nanos() - start), cutShort);
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

  private int bencode() {
    BDict offer =
        SyntheticTraffic.offer(WarmUp.CALL_ID_PREFIX + "bencode", List.of("public", "private"));
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
        "warm-up (no relay in process): %d SIP messages, %d bencode rounds in %d ms%s",
        r.sipMessages(),
        r.bencodeRounds(),
        r.took().toMillis(),
        r.cutShort() ? " (time limit reached)" : "");
  }
}
