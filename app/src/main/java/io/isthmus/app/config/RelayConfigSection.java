package io.isthmus.app.config;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.LoadLimits;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.net.NgServerConfig;
import io.isthmus.proxy.media.NodeChecks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code relay:} how the proxy reaches its media relay (in the same process, or external nodes over
 * NG) and the settings of the relay itself, with rtpengine's key names.
 *
 * @param control in-process or ng
 * @param listenNg where this relay listens for NG commands (Kamailio, {@code isthmus ctl})
 * @param nodes the external relays, for {@code control: ng}
 * @param ngTimeout wait for an NG reply before resending, towards nodes
 * @param ngRetries resends after the first attempt, towards nodes
 * @param portMin lowest media port
 * @param portMax highest media port
 * @param maxSessions the session limit, 0 for none
 * @param maxLoad rtpengine {@code max-load}: 1-minute load average refusing new calls, 0 for none
 * @param maxCpu rtpengine {@code max-cpu}: CPU usage in percent refusing new calls, 0 for none
 * @param maxBandwidth rtpengine {@code max-bandwidth}: received bytes per second refusing new
 *     calls, 0 for none
 * @param streamsPerSession media streams (m= lines) a session is expected to carry
 * @param timeout rtpengine {@code timeout}
 * @param silentTimeout rtpengine {@code silent-timeout}
 * @param offerTimeout rtpengine {@code offer-timeout}
 * @param finalTimeout rtpengine {@code final-timeout} (0: off)
 * @param deleteDelay rtpengine {@code delete-delay}
 * @param defaultFlags NG flags added to every offer and answer the proxy sends
 * @param probeInterval how often a node that went down is pinged, towards nodes
 * @param reconcileInterval how often each node's {@code list} is compared with the proxy's calls
 *     (0: never), towards nodes
 */
public record RelayConfigSection(
    Control control,
    InetSocketAddress listenNg,
    List<RelayNode> nodes,
    Duration ngTimeout,
    int ngRetries,
    int portMin,
    int portMax,
    int maxSessions,
    double maxLoad,
    double maxCpu,
    long maxBandwidth,
    int streamsPerSession,
    Duration timeout,
    Duration silentTimeout,
    Duration offerTimeout,
    Duration finalTimeout,
    Duration deleteDelay,
    List<String> defaultFlags,
    Duration probeInterval,
    Duration reconcileInterval) {

  /** How the proxy reaches the relay. */
  public enum Control {
    /** The relay runs in the proxy's JVM: offers are method calls, no UDP hop. */
    IN_PROCESS,
    /** External relays (rtpengine or {@code isthmus relay}) over NG. */
    NG
  }

  /** Key of the control mode; default in-process: one process is the product's simplest form. */
  public static final String KEY_CONTROL = "control";

  public static final Control DEFAULT_CONTROL = Control.IN_PROCESS;

  /**
   * Key of the NG listen address; default 127.0.0.1:22222, rtpengine's customary {@code listen-ng},
   * so a Kamailio with {@code rtpengine_sock = udp:127.0.0.1:22222} finds it.
   */
  public static final String KEY_LISTEN_NG = "listen-ng";

  public static final InetSocketAddress DEFAULT_LISTEN_NG =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), NgServerConfig.DEFAULT_PORT);

  /** Key of the external nodes (required with {@code control: ng}, refused otherwise). */
  public static final String KEY_NODES = "nodes";

  /** Key of the NG reply timeout; default 1 s, Kamailio's {@code rtpengine_tout_ms}. */
  public static final String KEY_NG_TIMEOUT = "ng-timeout";

  public static final Duration DEFAULT_NG_TIMEOUT = Duration.ofSeconds(1);

  /** Key of the NG resends; default 5, Kamailio's {@code rtpengine_retr}. */
  public static final String KEY_NG_RETRIES = "ng-retries";

  public static final int DEFAULT_NG_RETRIES = 5;

  /** Key of the lowest media port; default 30000, rtpengine's {@code port-min}. */
  public static final String KEY_PORT_MIN = "port-min";

  /** Key of the highest media port; default 39999, rtpengine's compiled-in {@code port-max}. */
  public static final String KEY_PORT_MAX = "port-max";

  /**
   * Key of the session limit; default 0, no limit, as rtpengine's {@code max-sessions} (-1 there).
   * When set, the port range must hold it (see {@link #KEY_STREAMS_PER_SESSION}).
   */
  public static final String KEY_MAX_SESSIONS = "max-sessions";

  /**
   * Key of rtpengine's {@code max-load}: while the 1-minute load average is at or above it, offers
   * for new calls are refused (the proxy tries the next relay or answers 503); default none: the
   * load average of a shared host says little about the relay, {@code max-sessions} does.
   */
  public static final String KEY_MAX_LOAD = "max-load";

  /** Key of rtpengine's {@code max-cpu}: the same for CPU usage in percent; default none. */
  public static final String KEY_MAX_CPU = "max-cpu";

  /**
   * Key of rtpengine's {@code max-bandwidth}: the same for the bytes per second the relay receives
   * (sampled each second); default none.
   */
  public static final String KEY_MAX_BANDWIDTH = "max-bandwidth";

  /**
   * Key of the streams per session used to size the port range; default 1: voice calls through SIP
   * trunks carry one audio stream. Each stream takes an RTP and an RTCP port on each side.
   */
  public static final String KEY_STREAMS_PER_SESSION = "streams-per-session";

  public static final int DEFAULT_STREAMS_PER_SESSION = 1;

  /** Key of rtpengine's {@code timeout}; default 60 s ({@link RelayConfig#DEFAULT_TIMEOUT}). */
  public static final String KEY_TIMEOUT = "timeout";

  /** Key of {@code silent-timeout}; default 3600 s, rtpengine's. */
  public static final String KEY_SILENT_TIMEOUT = "silent-timeout";

  /** Key of {@code offer-timeout}; default 3600 s, rtpengine's. */
  public static final String KEY_OFFER_TIMEOUT = "offer-timeout";

  /** Key of {@code final-timeout}; default 0 (off), rtpengine's: long calls are legitimate. */
  public static final String KEY_FINAL_TIMEOUT = "final-timeout";

  /** Key of {@code delete-delay}; default 30 s, rtpengine's, so late BYEs still find the call. */
  public static final String KEY_DELETE_DELAY = "delete-delay";

  public static final Duration DEFAULT_DELETE_DELAY =
      Duration.ofSeconds(ControlConfig.DEFAULT_DELETE_DELAY_SECONDS);

  /**
   * Key of the default NG flags; default none: the relay's behaviour between two networks without
   * NAT needs no flag, and each flag is an operator's decision.
   */
  public static final String KEY_DEFAULT_FLAGS = "default-flags";

  /**
   * Key of the interval at which a node that stopped answering is pinged; default 50 ms ({@link
   * NodeChecks#DEFAULT_PROBE_INTERVAL}): a returning node carries calls again within about that. A
   * node is down from its first unanswered request (after {@code ng-timeout}) or socket error.
   */
  public static final String KEY_PROBE_INTERVAL = "probe-interval";

  /**
   * Key of the reconcile interval; default 10 s ({@link NodeChecks#DEFAULT_RECONCILE_INTERVAL}):
   * sessions a node holds that the proxy does not know are deleted, calls the node no longer has
   * are ended. 0 switches it off (a relay shared with other NG clients).
   */
  public static final String KEY_RECONCILE_INTERVAL = "reconcile-interval";

  /** Every default, over no nodes. */
  public static final RelayConfigSection DEFAULTS =
      new RelayConfigSection(
          DEFAULT_CONTROL,
          DEFAULT_LISTEN_NG,
          List.of(),
          DEFAULT_NG_TIMEOUT,
          DEFAULT_NG_RETRIES,
          RelayConfig.DEFAULT_PORT_MIN,
          RelayConfig.DEFAULT_PORT_MAX,
          0,
          0,
          0,
          0,
          DEFAULT_STREAMS_PER_SESSION,
          RelayConfig.DEFAULT_TIMEOUT,
          RelayConfig.DEFAULT_SILENT_TIMEOUT,
          RelayConfig.DEFAULT_OFFER_TIMEOUT,
          RelayConfig.DEFAULT_FINAL_TIMEOUT,
          DEFAULT_DELETE_DELAY,
          List.of(),
          NodeChecks.DEFAULT_PROBE_INTERVAL,
          NodeChecks.DEFAULT_RECONCILE_INTERVAL);

  public RelayConfigSection {
    nodes = List.copyOf(nodes);
    defaultFlags = List.copyOf(defaultFlags);
  }

  /** The relay engine's settings over the networks' media interfaces. */
  public RelayConfig relayConfig(List<LogicalInterface> interfaces) {
    return RelayConfig.defaults(interfaces)
        .withPorts(portMin, portMax)
        .withTimeouts(timeout, silentTimeout, offerTimeout, finalTimeout);
  }

  /** How the proxy watches its NG nodes: down at the first ng-timeout, pings, reconcile. */
  public NodeChecks nodeChecks() {
    return new NodeChecks(ngTimeout, probeInterval, reconcileInterval);
  }

  /** The NG server's settings (the relay's control socket). */
  public NgServerConfig ngServerConfig() {
    return NgServerConfig.defaults().withBind(listenNg);
  }

  /** The NG command layer's settings. */
  public ControlConfig controlConfig() {
    return ControlConfig.defaults().withDeleteDelay(deleteDelay).withLimits(loadLimits());
  }

  /** rtpengine's limits on new calls (max-sessions 0 here is none, -1 in rtpengine). */
  public LoadLimits loadLimits() {
    return new LoadLimits(maxSessions == 0 ? -1 : maxSessions, maxLoad, maxCpu, maxBandwidth);
  }

  /** Port pairs the range holds: RTP on even ports from port-min rounded up, RTCP next to it. */
  public int portPairs() {
    int firstEven = portMin + (portMin & 1);
    return Math.max(0, (portMax - firstEven + 1) / 2);
  }
}
