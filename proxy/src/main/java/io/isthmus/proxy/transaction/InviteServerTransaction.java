package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.TransactionState.ACCEPTED;
import static io.isthmus.proxy.transaction.TransactionState.COMPLETED;
import static io.isthmus.proxy.transaction.TransactionState.CONFIRMED;
import static io.isthmus.proxy.transaction.TransactionState.PROCEEDING;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;

/**
 * The INVITE server transaction of RFC 3261 Figure 7 with the RFC 6026 Accepted state:
 *
 * <pre>
 *                  INVITE received: 100 Trying, to core
 *                       |
 *   INVITE: resend   +--v-------+  2xx from core: send   +--------+ 2xx from core: send
 *   last provisional |Proceeding|----------------------->|Accepted| ACK: to core
 *                    +----------+                        +--------+ INVITE: absorbed
 *         300-699 from |  1xx from core: send                 | Timer L (64*T1)
 *         core: send   v                                      |
 *   INVITE: resend +---------+ Timer G: resend (G = min(2G,T2))|
 *   final          |Completed| Timer H: no ACK ---------------+|
 *                  +---------+                                ||
 *                       | ACK: absorbed                       ||
 *                       v                                     ||
 *                  +---------+ ACK: absorbed                  ||
 *                  |Confirmed|                                ||
 *                  +---------+                                vv
 *                       | Timer I (T4; 0 on TCP) ------> Terminated
 * </pre>
 */
public final class InviteServerTransaction extends ServerTransaction {
  private final TimerSlot timer100;
  private final TimerSlot timerG;
  private final TimerSlot timerHorL;
  private final TimerSlot timerI;
  private long intervalG;
  private boolean provisionalSent;

  InviteServerTransaction(
      TransactionLayer layer, SipRequest request, Hop source, ServerTransactionId id) {
    super(layer, request, source, id, PROCEEDING);
    timer100 = new TimerSlot(layer.scheduler());
    timerG = new TimerSlot(layer.scheduler());
    timerHorL = new TimerSlot(layer.scheduler());
    timerI = new TimerSlot(layer.scheduler());
  }

  @Override
  public TransactionKind kind() {
    return TransactionKind.INVITE_SERVER;
  }

  /** §17.2.1: 100 Trying now, or after the configured delay unless the core answered first. */
  void start() {
    long delay = config.trying100Delay().toNanos();
    if (delay == 0) {
      sendTrying();
    } else {
      timer100.start(delay, this::sendTrying);
    }
  }

  private void sendTrying() {
    if (state != PROCEEDING || provisionalSent) {
      return;
    }
    SipResponse trying = SipResponses.forRequest(request, 100, "Trying");
    var timestamp = request.headerValue(HeaderName.TIMESTAMP);
    if (timestamp.isPresent()) {
      // §8.2.6.1: a 100 Trying copies the request's Timestamp
      trying = trying.edit().addHeader(HeaderName.TIMESTAMP, timestamp.get()).build();
    }
    respond(trying);
  }

  @Override
  public void respond(SipResponse response) {
    int status = response.status();
    if (state == ACCEPTED && status >= 200 && status < 300) {
      lastResponse = response;
      resend(response); // RFC 6026 §7.1: 2xx retransmissions from the core pass through
      return;
    }
    if (state != PROCEEDING) {
      throw refused(response);
    }
    lastResponse = response;
    if (status < 200) {
      provisionalSent = true;
      timer100.stop();
      send(response);
      return;
    }
    timer100.stop();
    if (status < 300) {
      state = ACCEPTED;
      send(response);
      timerHorL.start(config.sixtyFourT1Nanos(), this::terminate); // Timer L
      lingering();
      return;
    }
    state = COMPLETED;
    send(response);
    lingering();
    if (unreliable()) {
      intervalG = config.t1Nanos();
      timerG.start(intervalG, this::onTimerG);
    }
    timerHorL.start(config.sixtyFourT1Nanos(), this::onTimerH);
  }

  /**
   * Answers 487 Request Terminated because the core cancelled the request (RFC 3261 §9.2, §16.10),
   * with a To tag of this proxy's own. Returns false and sends nothing when a final response was
   * already sent: the CANCEL came too late.
   */
  public boolean respondCancelled() {
    if (state != PROCEEDING) {
      return false;
    }
    respond(SipResponses.forRequest(request, 487, "Request Terminated", layer.newToTag()));
    return true;
  }

  @Override
  void onRetransmission(SipRequest retransmission, Hop source) {
    if (retransmission.method().equals(Method.ACK)) {
      onAck(retransmission, source);
      return;
    }
    absorbed();
    if (lastResponse != null && (state == PROCEEDING || state == COMPLETED)) {
      resend(lastResponse); // §17.2.1; in Accepted the INVITE is only absorbed (RFC 6026 §7.1)
    }
  }

  private void onAck(SipRequest ack, Hop source) {
    switch (state) {
      case ACCEPTED -> layer.user().onAck(ack, source); // RFC 6026 §7.1: the 2xx's ACK goes up
      case COMPLETED -> {
        absorbed();
        state = CONFIRMED;
        timerG.stop();
        timerHorL.stop();
        if (unreliable()) {
          timerI.start(config.t4Nanos(), this::terminate);
        } else {
          terminate();
        }
      }
      default -> absorbed(); // Confirmed: a retransmitted ACK; Proceeding: an ACK of nothing
    }
  }

  private void onTimerG() {
    if (state != COMPLETED) {
      return;
    }
    resend(lastResponse);
    intervalG = Math.min(2 * intervalG, config.t2Nanos());
    timerG.start(intervalG, this::onTimerG);
  }

  private void onTimerH() {
    if (state != COMPLETED) {
      return;
    }
    layer.metrics().ackTimeout();
    terminate();
  }

  @Override
  void stopTimers() {
    timer100.stop();
    timerG.stop();
    timerHorL.stop();
    timerI.stop();
  }
}
