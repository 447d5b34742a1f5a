package io.isthmus.proxy.dispatcher;

import java.time.Duration;

/**
 * The outcome of one keepalive OPTIONS.
 *
 * @param status the final status code, or 0 when no reply came (timeout or transport error)
 * @param latency time from sending to the reply (or to giving up)
 */
public record ProbeResult(int status, Duration latency) {

  /** A final reply with {@code status}. */
  public static ProbeResult reply(int status, Duration latency) {
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("status " + status + " is not 100..699");
    }
    return new ProbeResult(status, latency);
  }

  /** No reply within the probe timeout, or the request could not be sent. */
  public static ProbeResult noReply(Duration waited) {
    return new ProbeResult(0, waited);
  }

  /** Whether a reply came at all. */
  public boolean replied() {
    return status != 0;
  }
}
