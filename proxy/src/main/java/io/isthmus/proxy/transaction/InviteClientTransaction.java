package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.TransactionState.ACCEPTED;
import static io.isthmus.proxy.transaction.TransactionState.CALLING;
import static io.isthmus.proxy.transaction.TransactionState.COMPLETED;
import static io.isthmus.proxy.transaction.TransactionState.PROCEEDING;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The INVITE client transaction of RFC 3261 Figure 5 with the RFC 6026 Accepted state:
 *
 * <pre>
 *            INVITE sent, Timer A (UDP), B, no-response
 *                       |
 *   Timer A: resend  +--v----+  Timer B, no-response: 408 to core
 *        +---------- |Calling| ------------------------------------+
 *        +---------> +-------+                                     |
 *                 1xx |   | 2xx to core                            |
 *      1xx to core    v   +------------------+                     |
 *      Timer C  +----------+  2xx to core    v                     |
 *      restarts |Proceeding|------------> +--------+ 2xx to core   |
 *               +----------+              |Accepted| (RFC 6026)    |
 *       300-699 |  Timer C: CANCEL, 408   +--------+               |
 *   ACK, to core|                             | Timer M            |
 *               v                             |                    |
 *          +---------+ 300-699: resend ACK    |                    |
 *          |Completed| (absorbed)             |                    |
 *          +---------+                        |                    |
 *               | Timer D (0 on TCP)          v                    |
 *               +--------------------> Terminated <----------------+
 * </pre>
 *
 * <p>Besides the RFC timers it runs the proxy's two: the no-response timeout before any response
 * ({@link TransactionConfig#inviteNoResponse()}) and Timer C after a provisional ({@link
 * TransactionConfig#timerC()}).
 */
public final class InviteClientTransaction extends ClientTransaction {
  private final TimerSlot timerA;
  private final TimerSlot timerB;
  private final TimerSlot noResponse;
  private final TimerSlot timerC;
  private final TimerSlot timerDorM;
  private long intervalA;

  /** The core was told this branch timed out; later non-2xx finals are no news to it. */
  private boolean timedOut;

  private boolean cancelRequested;
  private boolean cancelSent;
  private SipRequest ack;

  InviteClientTransaction(
      TransactionLayer layer, SipRequest request, Hop destination, ClientTransactionId id) {
    super(layer, request, destination, id, CALLING, false);
    timerA = new TimerSlot(layer.scheduler());
    timerB = new TimerSlot(layer.scheduler());
    noResponse = new TimerSlot(layer.scheduler());
    timerC = new TimerSlot(layer.scheduler());
    timerDorM = new TimerSlot(layer.scheduler());
  }

  @Override
  public TransactionKind kind() {
    return TransactionKind.INVITE_CLIENT;
  }

  /**
   * Cancels this branch (RFC 3261 §9.1): in Proceeding the CANCEL goes out now, on its own client
   * transaction that the core never hears of; in Calling it goes out when the first provisional
   * arrives (a CANCEL must not overtake the INVITE). If no final response follows within 64*T1 of
   * the CANCEL, the transaction reports {@link Timeout#CANCEL_UNANSWERED}. Does nothing once a
   * final response came. The core must not send a CANCEL of its own for this branch.
   */
  public void cancel() {
    if (state == CALLING) {
      cancelRequested = true;
    } else if (state == PROCEEDING) {
      cancelRequested = true;
      sendCancel();
    }
  }

  /** Whether {@link #cancel()} was called (or Timer C fired) on this branch. */
  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** The ACK sent for the non-2xx final, or null. */
  public SipRequest ack() {
    return ack;
  }

  @Override
  void start() {
    send(request);
    if (unreliable()) {
      intervalA = config.t1Nanos();
      timerA.start(intervalA, this::onTimerA);
    }
    timerB.start(config.sixtyFourT1Nanos(), this::onTimerB);
    long silence = config.inviteNoResponse().toNanos();
    if (silence > 0 && silence < config.sixtyFourT1Nanos()) {
      noResponse.start(silence, this::onNoResponse);
    }
  }

  private void onTimerA() {
    if (state != CALLING || timedOut) {
      return;
    }
    resend(request);
    intervalA *= 2; // §17.1.1.2: A doubles without a cap
    timerA.start(intervalA, this::onTimerA);
  }

  private void onTimerB() {
    if (state != CALLING) {
      return;
    }
    if (!timedOut) {
      reportTimeout(Timeout.TIMER_B);
    }
    terminate();
  }

  /**
   * Silence: report the branch dead but keep the transaction until Timer B without retransmitting,
   * so that a late provisional gets a CANCEL and a late 2xx still reaches the core.
   */
  private void onNoResponse() {
    if (state != CALLING) {
      return;
    }
    timedOut = true;
    cancelRequested = true;
    timerA.stop();
    reportTimeout(Timeout.NO_RESPONSE);
  }

  /** §16.8: Timer C with a provisional received means CANCEL, and the branch counts as 408. */
  private void onTimerC() {
    if (state != PROCEEDING) {
      return;
    }
    timedOut = true;
    cancelRequested = true;
    sendCancel();
    reportTimeout(Timeout.TIMER_C);
  }

  private void sendCancel() {
    if (cancelSent) {
      return;
    }
    cancelSent = true;
    timerC.stop();
    layer.startCancel(CancelFactory.cancelFor(request), hop);
    timerB.start(config.sixtyFourT1Nanos(), this::onCancelUnanswered);
  }

  private void onCancelUnanswered() {
    if (state != PROCEEDING) {
      return;
    }
    if (!timedOut) {
      reportTimeout(Timeout.CANCEL_UNANSWERED);
    }
    terminate();
  }

  @Override
  void onResponse(SipResponse response) {
    int status = response.status();
    if (status < 200) {
      onProvisional(response);
    } else if (status < 300) {
      on2xx(response);
    } else {
      onFailure(response);
    }
  }

  private void onProvisional(SipResponse response) {
    if (state != CALLING && state != PROCEEDING) {
      absorbed(); // a provisional that lost the race against the final
      return;
    }
    boolean first = state == CALLING;
    state = PROCEEDING;
    timerA.stop();
    noResponse.stop();
    if (first) {
      timerB.stop(); // Figure 5: Timer B only runs in Calling
    }
    if (cancelRequested) {
      sendCancel(); // §9.1: the CANCEL waited for this provisional
    } else if (first || response.status() > 100) {
      timerC.start(config.timerC().toNanos(), this::onTimerC); // §16.7 step 2: 101-199 reset C
    }
    if (!timedOut) {
      reportResponse(response);
    }
  }

  private void on2xx(SipResponse response) {
    if (state == CALLING || state == PROCEEDING) {
      state = ACCEPTED;
      stopTimers();
      timerDorM.start(config.sixtyFourT1Nanos(), this::terminate); // Timer M
      reportResponse(response); // even after a timeout: an answered call must reach the core
      lingering();
    } else if (state == ACCEPTED) {
      reportResponse(response); // RFC 6026 §7.2: retransmitted or forked 2xx go up too
    } else {
      absorbed();
    }
  }

  private void onFailure(SipResponse response) {
    if (state == COMPLETED) {
      absorbed(); // §17.1.1.2: a retransmitted final gets the ACK again, the core sees nothing
      resend(ack);
      return;
    }
    if (state != CALLING && state != PROCEEDING) {
      absorbed();
      return;
    }
    state = COMPLETED;
    stopTimers();
    ack = AckFactory.forNon2xx(request, response);
    send(ack);
    if (!timedOut) {
      reportResponse(response);
    }
    if (unreliable()) {
      timerDorM.start(config.timerDNanos(), this::terminate); // Timer D
      lingering();
      ack.compact();
    } else {
      terminate();
    }
  }

  @Override
  void stopTimers() {
    timerA.stop();
    timerB.stop();
    noResponse.stop();
    timerC.stop();
    timerDorM.stop();
  }
}
