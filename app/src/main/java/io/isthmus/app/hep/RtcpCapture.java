package io.isthmus.app.hep;

import io.isthmus.hep.Hep3;
import io.isthmus.hep.HepSender;
import io.isthmus.hep.Payload;
import io.isthmus.hep.Sampling;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RtcpTap;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * The relay's {@link RtcpTap} for HEP: each SR or RR a party of a sampled call sends on the
 * interface of a captured network goes to the collector as HEP protocol type 5 (RTCP as JSON), from
 * the party's address to the relay port it reached, correlated by Call-ID, so Homer shows the
 * call's loss and jitter beside its SIP. RTCP comes every few seconds per stream: the JSON is built
 * with plain strings.
 */
public final class RtcpCapture implements RtcpTap {
  private final HepSender hep;
  private final Sampling sampling;
  private final Predicate<String> capturesInterface;

  /** Captures on the relay interfaces {@code capturesInterface} accepts (by name). */
  public RtcpCapture(HepSender hep, Sampling sampling, Predicate<String> capturesInterface) {
    this.hep = hep;
    this.sampling = sampling;
    this.capturesInterface = capturesInterface;
  }

  @Override
  public void rtcp(
      String callId,
      LogicalInterface iface,
      ByteBuf buf,
      int off,
      int len,
      InetSocketAddress source,
      int localPort) {
    if (source == null || !capturesInterface.test(iface.name()) || !sampling.sampled(callId)) {
      return;
    }
    String json = RtcpReportJson.of(buf, off, len);
    if (json == null) {
      return;
    }
    hep.capture(
        Hep3.TYPE_RTCP_JSON,
        Hep3.UDP,
        source.getAddress(),
        source.getPort(),
        iface.local(),
        localPort,
        callId,
        json,
        Payload.UTF8_TEXT);
  }
}
