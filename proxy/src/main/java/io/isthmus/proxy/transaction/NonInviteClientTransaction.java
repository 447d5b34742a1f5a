package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.TransactionState.COMPLETED;
import static io.isthmus.proxy.transaction.TransactionState.PROCEEDING;
import static io.isthmus.proxy.transaction.TransactionState.TRYING;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The non-INVITE client transaction of RFC 3261 Figure 6:
 *
 * <pre>
 *          request sent, Timer E (UDP), F
 *                   |
 *   Timer E: resend v          Timer F: 408 to core
 *   (E = min(2E,T2)) Trying  ----------------------------+
 *                   | 1xx to core                        |
 *   Timer E: resend v                                    |
 *   (E = T2)    Proceeding ------------------------------+
 *                   | 200-699 to core                    |
 *                   v                                    |
 *               Completed  (finals absorbed)             |
 *                   | Timer K (T4; 0 on TCP)             |
 *                   v                                    |
 *               Terminated <-----------------------------+
 * </pre>
 */
public final class NonInviteClientTransaction extends ClientTransaction {
  private final TimerSlot timerE;
  private final TimerSlot timerF;
  private final TimerSlot timerK;
  private long intervalE;

  NonInviteClientTransaction(
      TransactionLayer layer,
      SipRequest request,
      Hop destination,
      ClientTransactionId id,
      boolean internal) {
    super(layer, request, destination, id, TRYING, internal);
    timerE = new TimerSlot(layer.scheduler());
    timerF = new TimerSlot(layer.scheduler());
    timerK = new TimerSlot(layer.scheduler());
  }

  @Override
  public TransactionKind kind() {
    return TransactionKind.NON_INVITE_CLIENT;
  }

  @Override
  void start() {
    send(request);
    if (unreliable()) {
      intervalE = config.t1Nanos();
      timerE.start(intervalE, this::onTimerE);
    }
    timerF.start(config.sixtyFourT1Nanos(), this::onTimerF);
  }

  private void onTimerE() {
    if (state != TRYING && state != PROCEEDING) {
      return;
    }
    resend(request);
    // §17.1.2.2: doubling up to T2 while Trying; T2 flat once a provisional came
    intervalE = state == TRYING ? Math.min(2 * intervalE, config.t2Nanos()) : config.t2Nanos();
    timerE.start(intervalE, this::onTimerE);
  }

  private void onTimerF() {
    if (state != TRYING && state != PROCEEDING) {
      return;
    }
    reportTimeout(Timeout.TIMER_F);
    terminate();
  }

  @Override
  void onResponse(SipResponse response) {
    if (state == COMPLETED) {
      absorbed();
      return;
    }
    if (state != TRYING && state != PROCEEDING) {
      return;
    }
    if (response.status() < 200) {
      state = PROCEEDING;
      reportResponse(response);
      return;
    }
    state = COMPLETED;
    timerE.stop();
    timerF.stop();
    reportResponse(response);
    if (unreliable()) {
      timerK.start(config.t4Nanos(), this::terminate);
      lingering();
    } else {
      terminate();
    }
  }

  @Override
  void stopTimers() {
    timerE.stop();
    timerF.stop();
    timerK.stop();
  }
}
