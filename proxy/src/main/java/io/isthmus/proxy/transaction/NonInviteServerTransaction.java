package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.TransactionState.COMPLETED;
import static io.isthmus.proxy.transaction.TransactionState.PROCEEDING;
import static io.isthmus.proxy.transaction.TransactionState.TRYING;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The non-INVITE server transaction of RFC 3261 Figure 8:
 *
 * <pre>
 *             request received, to core
 *                   |
 *                   v     request: absorbed
 *                 Trying
 *         1xx from  |  \  200-699 from core: send
 *      core: send   v   \
 *               Proceeding  request: resend provisional
 *                   |   \
 *   200-699: send   v    v
 *               Completed   request: resend final
 *                   | Timer J (64*T1; 0 on TCP)
 *                   v
 *               Terminated
 * </pre>
 */
public final class NonInviteServerTransaction extends ServerTransaction {
  private final TimerSlot timerJ;

  NonInviteServerTransaction(
      TransactionLayer layer, SipRequest request, Hop source, ServerTransactionId id) {
    super(layer, request, source, id, TRYING);
    timerJ = new TimerSlot(layer.scheduler());
  }

  @Override
  public TransactionKind kind() {
    return TransactionKind.NON_INVITE_SERVER;
  }

  @Override
  public void respond(SipResponse response) {
    if (state != TRYING && state != PROCEEDING) {
      throw refused(response);
    }
    lastResponse = response;
    if (response.status() < 200) {
      state = PROCEEDING;
      send(response);
      return;
    }
    state = COMPLETED;
    send(response);
    if (unreliable()) {
      timerJ.start(config.sixtyFourT1Nanos(), this::terminate);
      lingering();
    } else {
      terminate();
    }
  }

  @Override
  void onRetransmission(SipRequest retransmission, Hop source) {
    absorbed();
    if (lastResponse != null && (state == PROCEEDING || state == COMPLETED)) {
      resend(lastResponse); // §17.2.2: Trying has nothing to resend
    }
  }

  @Override
  void stopTimers() {
    timerJ.stop();
  }
}
