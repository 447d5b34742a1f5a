package io.isthmus.app.hep;

import io.isthmus.app.config.HepConfig;
import io.isthmus.app.config.NetworkConfig;
import io.isthmus.hep.EpochClock;
import io.isthmus.hep.HepCounters;
import io.isthmus.hep.HepSender;
import io.isthmus.hep.Sampling;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.proxy.transport.SipTransport;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HEP capture of one product, from {@code hep:}: the sender, and the taps it installs on the
 * proxy's transport ({@link SipCapture}) and the in-process relay ({@link RtcpCapture}, {@link
 * StreamSummaries}). The per-network switch and the sampling are decided here, once per message.
 */
public final class HepCapture implements AutoCloseable {
  private final HepConfig config;
  private final HepSender sender;
  private final Sampling sampling;
  private final Set<String> capturedInterfaces;
  private final StreamSummaries summaries;
  private SipTransport transport;
  private MediaRelay relay;

  private HepCapture(HepConfig config, HepSender sender, List<NetworkConfig> networks) {
    this.config = config;
    this.sender = sender;
    this.sampling = Sampling.of(config.sampling());
    this.capturedInterfaces =
        networks.stream()
            .filter(n -> config.captures(n.name()))
            .map(n -> n.media().name())
            .collect(Collectors.toUnmodifiableSet());
    Map<String, LogicalInterface> byName = new HashMap<>();
    for (NetworkConfig n : networks) {
      byName.put(n.media().name(), n.media());
    }
    this.summaries = new StreamSummaries(sender, sampling, capturedInterfaces::contains, byName);
  }

  /**
   * Opens the socket to the collector and starts the sender.
   *
   * @throws IOException when the socket cannot be opened
   */
  public static HepCapture start(HepConfig config, List<NetworkConfig> networks, EpochClock clock)
      throws IOException {
    return new HepCapture(config, HepSender.start(config.settings(), clock), networks);
  }

  /** Captures every SIP message of the captured networks' sockets. */
  public void tap(SipTransport transport) {
    this.transport = transport;
    transport.tap(new SipCapture(sender, sampling, transport.networks(), config::captures));
  }

  /** Captures the RTCP reports the relay's parties send, when {@code hep.rtcp} is on. */
  public void tap(MediaRelay relay) {
    if (config.rtcp()) {
      this.relay = relay;
      relay.rtcpTap(new RtcpCapture(sender, sampling, capturedInterfaces::contains));
    }
  }

  /** The relay deleted a call: its per-stream summaries, when {@code hep.rtcp} is on. */
  public void callDeleted(String callId, DeletionReason reason, CallStats stats) {
    if (config.rtcp()) {
      summaries.callDeleted(callId, reason, stats);
    }
  }

  /** What was sent and dropped. */
  public HepCounters counters() {
    return sender.counters();
  }

  /** Removes the taps, then stops the sender (what is queued is sent first). */
  @Override
  public void close() {
    if (transport != null) {
      transport.tap(null);
    }
    if (relay != null) {
      relay.rtcpTap(null);
    }
    sender.close();
  }
}
