package io.isthmus.app.config;

import io.isthmus.hep.HepSettings;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code hep:} capture for Homer. Absent: nothing is captured. Present: every SIP message the proxy
 * receives and sends on the listed networks, and the RTCP reports the relay forwards there, go to
 * the collector as HEP version 3, for the sampled share of calls.
 *
 * @param collector the HEP collector, or null when capture is off
 * @param captureId the capture agent id
 * @param password the collector's HEP password, "" for none
 * @param networks the networks captured (all of them when not written)
 * @param sampling the share of calls captured, 0 to 1
 * @param rtcp whether the relay's RTCP reports and per-stream summaries are captured too
 */
public record HepConfig(
    InetSocketAddress collector,
    int captureId,
    String password,
    List<String> networks,
    double sampling,
    boolean rtcp) {

  /** Key of the collector; no default: capture is an operator's choice. */
  public static final String KEY_COLLECTOR = "collector";

  /** Key of the capture agent id; default 2001, the id Homer's own agents and examples use. */
  public static final String KEY_CAPTURE_ID = "capture-id";

  public static final int DEFAULT_CAPTURE_ID = 2001;

  /** Key of the HEP password (chunk 14); default none: heplify-server accepts any. */
  public static final String KEY_PASSWORD = "password";

  /** Key of the captured networks; default all: a call is seen on both legs. */
  public static final String KEY_NETWORKS = "networks";

  /**
   * Key of the share of calls captured, {@code 0.25} or {@code 25%}; default 1 (every call), the
   * debugging case. Decided per Call-ID, so a captured call is captured whole.
   */
  public static final String KEY_SAMPLING = "sampling";

  /** Key of the RTCP switch; default true: Homer's QoS view of a call comes from its RTCP. */
  public static final String KEY_RTCP = "rtcp";

  /** Capture off. */
  public static final HepConfig OFF =
      new HepConfig(null, DEFAULT_CAPTURE_ID, "", List.of(), 1.0, true);

  public HepConfig {
    networks = List.copyOf(networks);
  }

  /** Whether capture is on. */
  public boolean enabled() {
    return collector != null;
  }

  /** Whether messages on network {@code name} are captured. */
  public boolean captures(String name) {
    return enabled() && (networks.isEmpty() || networks.contains(name));
  }

  /** The sender's settings. */
  public HepSettings settings() {
    return new HepSettings(collector, captureId, password, HepSettings.DEFAULT_QUEUE);
  }
}
