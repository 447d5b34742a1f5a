package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A transport that records what is sent and when; it can be told to fail sends. */
final class RecordingTransport implements TransactionTransport {

  /** One send: the time (ms since the harness started), the message and the hop. */
  record Sent(long atMillis, SipMessage message, Hop hop) {
    String startLine() {
      return message.toString();
    }

    boolean isRequest(String method) {
      return message instanceof SipRequest r && r.method().name().equals(method);
    }

    boolean isResponse(int status) {
      return message instanceof SipResponse r && r.status() == status;
    }
  }

  private final FakeClock clock;
  private final long origin;
  private final List<Sent> sent = new ArrayList<>();
  private Throwable failure;
  private boolean failSynchronously;

  RecordingTransport(FakeClock clock) {
    this.clock = clock;
    this.origin = clock.nanos();
  }

  @Override
  public void send(SipMessage message, Hop hop, Consumer<Throwable> onFailure) {
    sent.add(new Sent((clock.nanos() - origin) / 1_000_000, message, hop));
    if (failure != null) {
      Throwable cause = failure;
      if (failSynchronously) {
        onFailure.accept(cause);
      } else {
        clock.schedule(() -> onFailure.accept(cause), 0);
      }
    }
  }

  /** Every following send fails with {@code cause}, reported from inside send when sync. */
  void failWith(Throwable cause, boolean synchronously) {
    this.failure = cause;
    this.failSynchronously = synchronously;
  }

  List<Sent> sent() {
    return sent;
  }

  Sent last() {
    return sent.getLast();
  }

  /** The times (ms) at which requests of {@code method} were sent. */
  List<Long> requestTimes(String method) {
    return sent.stream().filter(s -> s.isRequest(method)).map(Sent::atMillis).toList();
  }

  /** The times (ms) at which responses with {@code status} were sent. */
  List<Long> responseTimes(int status) {
    return sent.stream().filter(s -> s.isResponse(status)).map(Sent::atMillis).toList();
  }

  /** The messages sent, as start lines. */
  List<String> startLines() {
    return sent.stream().map(Sent::startLine).toList();
  }

  void clear() {
    sent.clear();
  }
}
