package io.isthmus.app.migrate;

import java.util.Map;
import java.util.Set;

/** What Isthmus does instead of the Kamailio modules and rtpengine keys it does not map. */
final class Advice {
  private Advice() {}

  /** Modules whose work Isthmus does itself: nothing to configure. */
  static final Set<String> BUILT_IN =
      Set.of(
          "tm",
          "tmx",
          "sl",
          "rr",
          "pv",
          "maxfwd",
          "textops",
          "textopsx",
          "siputils",
          "sanity",
          "xlog",
          "kex",
          "corex",
          "ctl",
          "jsonrpcs",
          "dispatcher",
          "rtpengine",
          "cfg_rpc",
          "mi_fifo",
          "rtimer",
          "xhttp",
          "nathelper_none");

  /** Modules with no equivalent, and what to do instead. */
  static final Map<String, String> MODULES =
      Map.ofEntries(
          Map.entry("siptrace", "capture for Homer with the hep: section (HEP v3)"),
          Map.entry("sipcapture", "Isthmus sends HEP (hep:), it is not a collector"),
          Map.entry("pike", "no per-source rate limit yet: keep a firewall rate limit"),
          Map.entry("htable", "no script state: ban lists belong in the firewall"),
          Map.entry("permissions", "networks.NAME.sources admits callers by subnet"),
          Map.entry("auth", "no digest authentication yet: trust by networks.NAME.sources"),
          Map.entry("auth_db", "no digest authentication yet: trust by networks.NAME.sources"),
          Map.entry("usrloc", "Isthmus is not a registrar: route to the gateway sets"),
          Map.entry("registrar", "Isthmus is not a registrar: route to the gateway sets"),
          Map.entry("nathelper", "no NAT traversal: the deployment has none between networks"),
          Map.entry("nat_traversal", "no NAT traversal: the deployment has none between networks"),
          Map.entry("dialog", "the proxy tracks answered calls itself (isthmus ctl calls)"),
          Map.entry("acc", "one log line per call event (logger io.isthmus.calls) instead"),
          Map.entry("tls", "no SIP over TLS yet: keep a TLS front for those peers"),
          Map.entry("websocket", "no SIP over WebSocket"),
          Map.entry("db_mysql", "no database: gateways come from dispatcher.list-file or sets"),
          Map.entry("db_sqlite", "no database: gateways come from dispatcher.list-file or sets"),
          Map.entry("db_text", "no database: gateways come from dispatcher.list-file or sets"),
          Map.entry("uac", "no header or From rewriting"),
          Map.entry("topoh", "no topology hiding beyond the relay's addresses in SDP"),
          Map.entry("statistics", "Prometheus metrics at /metrics instead"),
          Map.entry("xhttp_prom", "Prometheus metrics at /metrics instead"));

  /** rtpengine.conf keys with no equivalent, and what to do instead. */
  static final Map<String, String> RTPENGINE_KEYS =
      Map.ofEntries(
          Map.entry("table", "no kernel forwarding: the relay forwards in user space"),
          Map.entry("no-fallback", "no kernel forwarding: nothing to fall back from"),
          Map.entry("tos", "no TOS/DSCP marking of media: mark with nftables if needed"),
          Map.entry("control-tos", "no TOS marking of NG replies"),
          Map.entry("listen-cli", "isthmus ctl over the admin endpoint replaces rtpengine-ctl"),
          Map.entry("listen-http", "the admin endpoint (admin.listen) serves /metrics and the API"),
          Map.entry("listen-tcp", "NG over UDP only"),
          Map.entry("listen-udp", "the legacy UDP protocol is not spoken: use NG"),
          Map.entry("redis", "no Redis state yet: a restart ends the calls"),
          Map.entry("redis-write", "no Redis state yet"),
          Map.entry("redis-num-threads", "no Redis state yet"),
          Map.entry("redis-expires", "no Redis state yet"),
          Map.entry("no-redis-required", "no Redis state yet"),
          Map.entry("recording-dir", "no call recording"),
          Map.entry("recording-method", "no call recording"),
          Map.entry("recording-format", "no call recording"),
          Map.entry("homer-protocol", "HEP over UDP only"),
          Map.entry("graphite", "Prometheus metrics at /metrics instead"),
          Map.entry("graphite-interval", "Prometheus metrics at /metrics instead"),
          Map.entry("graphite-prefix", "Prometheus metrics at /metrics instead"),
          Map.entry("log-level", "logging.level (a name: info, debug, ...)"),
          Map.entry("log-facility", "logs go to stderr (the journal under systemd)"),
          Map.entry("log-stderr", "logs go to stderr always"),
          Map.entry("foreground", "isthmus runs in the foreground (systemd Type=simple)"),
          Map.entry("pidfile", "systemd tracks the process; no pidfile"),
          Map.entry("num-threads", "one event loop per core, shared with the proxy"),
          Map.entry("media-num-threads", "one event loop per core, shared with the proxy"),
          Map.entry("max-load", "no load-average limit"),
          Map.entry("max-cpu", "no CPU limit"),
          Map.entry("max-bandwidth", "no bandwidth limit"),
          Map.entry("dtls-passive", "no DTLS-SRTP (WebRTC): SDES-SRTP only"),
          Map.entry("codecs", "G.711 transcoding only (PCMU/PCMA), no codec library"),
          Map.entry("dtmf-log-dest", "no DTMF event reporting"),
          Map.entry("mos", "no MOS; RTCP loss and jitter per stream in /metrics and HEP"),
          Map.entry("jitter-buffer", "no jitter buffer"),
          Map.entry("mysql-host", "no CDR database"),
          Map.entry("b2b-url", "no XMLRPC callbacks"),
          Map.entry("xmlrpc-format", "no XMLRPC callbacks"));
}
