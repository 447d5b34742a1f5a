package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what the transport hands up, with whether it ran on the Call-ID's owning loop. */
final class Recorder implements InboundHandler, TransportErrorListener {
  record Received(SipMessage message, Flow flow, boolean onOwningLoop) {}

  record Failure(
      SipMessage message,
      SocketSpec local,
      Destination destination,
      Throwable cause,
      boolean onOwningLoop) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
  volatile LoopGroup loops;

  /** A Call-ID whose requests make this handler throw (a bug inside the core, simulated). */
  volatile String failOn;

  @Override
  public void onRequest(SipRequest request, Flow flow) {
    if (failOn != null && failOn.equals(callIdOf(request))) {
      throw new IllegalStateException("simulated failure inside the core");
    }
    received.add(new Received(request, flow, owning(request)));
  }

  @Override
  public void onResponse(SipResponse response, Flow flow) {
    received.add(new Received(response, flow, owning(response)));
  }

  @Override
  public void onTransportError(
      SipMessage message, SocketSpec local, Destination destination, Throwable cause) {
    failures.add(new Failure(message, local, destination, cause, owning(message)));
  }

  private static String callIdOf(SipMessage m) {
    try {
      return m.callId();
    } catch (Exception e) {
      return null;
    }
  }

  private boolean owning(SipMessage m) {
    try {
      return loops.loopFor(m.callId()).inEventLoop();
    } catch (Exception e) {
      return false;
    }
  }

  /** The next received message, waiting up to the deadline. */
  Received next(Duration deadline) throws InterruptedException {
    Received r = received.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("nothing received within " + deadline);
    }
    return r;
  }

  Failure nextFailure(Duration deadline) throws InterruptedException {
    Failure f = failures.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    if (f == null) {
      throw new AssertionError("no transport error within " + deadline);
    }
    return f;
  }
}
