package io.isthmus.app.migrate;

import io.isthmus.app.relay.RtpengineConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code relay:}, {@code sip:} and {@code hep:} parts of a migration: the rtpengine module's
 * modparams and flag strings, tm's timers and rtpengine.conf's keys.
 */
final class RelayMapping {
  /** rtpengine.conf keys with an isthmus.yaml equivalent under relay:, in seconds unless noted. */
  private static final Map<String, String> SECONDS =
      Map.of(
          "timeout", "timeout",
          "silent-timeout", "silent-timeout",
          "offer-timeout", "offer-timeout",
          "final-timeout", "final-timeout",
          "delete-delay", "delete-delay");

  private final KamailioCfg cfg;
  private final String cfgName;
  private final Map<String, RtpengineConfigFile.Entry> conf;
  private final String confName;
  private final Notes notes;
  private final StringBuilder yaml;

  RelayMapping(
      KamailioCfg cfg,
      String cfgName,
      Map<String, RtpengineConfigFile.Entry> conf,
      String confName,
      Notes notes,
      StringBuilder yaml) {
    this.cfg = cfg;
    this.cfgName = cfgName;
    this.conf = conf;
    this.confName = confName;
    this.notes = notes;
    this.yaml = yaml;
  }

  /** The flag words of one rtpengine_* call, without direction= (kept apart) and via-branch=. */
  private record FlagCall(List<String> words, List<String> direction, int line) {
    /** The network its offers go to: the second direction=, as Kamailio writes them. */
    String target() {
      return direction.size() == 2 ? direction.get(1) : null;
    }
  }

  private static final Set<String> TRANSPORT_PROTOCOLS =
      Set.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF");

  private List<FlagCall> flagCalls;
  private Set<String> common = new LinkedHashSet<>();
  private final Map<String, List<String>> perNetwork = new LinkedHashMap<>();

  /**
   * Splits the rtpengine_* flag strings before the networks are written: the words every call has
   * become relay.default-flags; the words every call directed to one network has (its second
   * direction=) and not all calls have become that network's relay-flags (its transport protocol
   * its media-protocol), since Isthmus sends a network's flags with the SDP sent to it. What fits
   * neither is listed as not mapped.
   *
   * @param networks the names of the drafted networks (= their media interfaces)
   */
  void splitFlags(Set<String> networks) {
    flagCalls = new ArrayList<>();
    for (KamailioCfg.Call c : cfg.calls) {
      if (!Set.of("rtpengine_manage", "rtpengine_offer", "rtpengine_answer").contains(c.function())
          || c.args().isEmpty()) {
        continue; // a bare rtpengine_manage() (e.g. for BYE) says nothing about the flags
      }
      List<String> words = new ArrayList<>();
      List<String> direction = new ArrayList<>();
      for (String w : c.args().getFirst().strip().split("\\s+")) {
        if (w.isEmpty() || w.startsWith("via-branch=")) {
          continue; // the proxy scopes offers by the transaction's branch itself
        }
        if (w.contains("$")) {
          notes.unmapped(cfgName, c.line(), "flag " + w, "no script variables in flags");
          continue;
        }
        if (w.startsWith("direction=")) {
          direction.add(w.substring("direction=".length()));
        } else {
          words.add(w);
        }
      }
      flagCalls.add(new FlagCall(words, direction, c.line()));
    }
    if (flagCalls.isEmpty()) {
      return;
    }
    common = new LinkedHashSet<>(flagCalls.getFirst().words());
    for (FlagCall f : flagCalls) {
      common.retainAll(f.words());
    }
    Map<String, Set<String>> shared = new LinkedHashMap<>();
    for (FlagCall f : flagCalls) {
      String to = f.target();
      if (to == null || !networks.contains(to)) {
        continue;
      }
      Set<String> own = new LinkedHashSet<>(f.words());
      own.removeAll(common);
      shared.merge(
          to,
          own,
          (a, b) -> {
            a.retainAll(b);
            return a;
          });
    }
    shared.forEach(
        (n, words) -> {
          if (!words.isEmpty()) {
            perNetwork.put(n, List.copyOf(words));
          }
        });
    Set<String> reported = new LinkedHashSet<>();
    for (FlagCall f : flagCalls) {
      List<String> placed =
          f.target() == null ? List.of() : perNetwork.getOrDefault(f.target(), List.of());
      for (String w : f.words()) {
        if (!common.contains(w) && !placed.contains(w) && reported.add(w + "@" + f.line())) {
          notes.unmapped(
              cfgName,
              f.line(),
              "flag " + w,
              f.target() == null || !networks.contains(f.target())
                  ? "given on some rtpengine calls only, and this call names no network in"
                      + " direction=: add it to relay.default-flags (every call), to a network's"
                      + " relay-flags (SDP sent to that network) or leave it out"
                  : "given on some calls to "
                      + f.target()
                      + " only: add it to networks."
                      + f.target()
                      + ".relay-flags (every call to it) or leave it out");
        }
      }
    }
    if (!perNetwork.isEmpty()) {
      notes.guess(
          cfgName,
          0,
          "flags per direction",
          "the flags of calls to a network (its second direction=) are that network's"
              + " relay-flags, sent with offers to it and with the answers back to its callers;"
              + " Kamailio sent a call's one string with its offer and its answer");
    }
  }

  /**
   * The lines of network {@code name} from its flags: {@code media-protocol} for a transport
   * protocol, {@code relay-flags} for the rest; "" when it has none of its own.
   */
  String networkLines(String name) {
    List<String> words = perNetwork.getOrDefault(name, List.of());
    StringBuilder out = new StringBuilder();
    List<String> rest = new ArrayList<>();
    for (String w : words) {
      if (TRANSPORT_PROTOCOLS.contains(w)) {
        out.append("    media-protocol: ")
            .append(w)
            .append("   # the transport protocol of the rtpengine calls to ")
            .append(name)
            .append('\n');
      } else {
        rest.add(w);
      }
    }
    if (!rest.isEmpty()) {
      out.append("    relay-flags: \"")
          .append(String.join(" ", rest))
          .append("\"   # the flags only the rtpengine calls to ")
          .append(name)
          .append(" have\n");
    }
    return out.toString();
  }

  void write() {
    yaml.append("relay:\n");
    if (conf != null) {
      yaml.append("  control: in-process   # the relay of ")
          .append(confName)
          .append(" runs in this process\n");
      rtpengineConf();
    } else {
      yaml.append("  control: ng   # the rtpengines of rtpengine_sock stay\n");
      nodes();
    }
    moduleParams();
    flags();
    yaml.append('\n');
    sip();
    hep();
  }

  private void rtpengineConf() {
    for (RtpengineConfigFile.Entry e : conf.values()) {
      String k = e.key();
      String v = e.value();
      String from = "   # " + confName + ":" + e.line() + " " + k + "\n";
      switch (k) {
        case "interface" -> {} // the networks' media
        case "listen-ng" -> {
          String address = v.contains(":") ? v : "127.0.0.1:" + v;
          yaml.append("  listen-ng: ").append(address).append(from);
        }
        case "port-min", "port-max" ->
            yaml.append("  ").append(k).append(": ").append(v).append(from);
        case "max-sessions" -> {
          if (MigrationDraft.parseInt(v) > 0) {
            yaml.append("  max-sessions: ").append(v).append(from);
          }
        }
        case "homer", "homer-id" -> {} // hep:
        default -> {
          if (SECONDS.containsKey(k)) {
            yaml.append("  ")
                .append(SECONDS.get(k))
                .append(": ")
                .append(v)
                .append('s')
                .append(from);
          } else {
            notes.unmapped(
                confName,
                e.line(),
                k + " = " + v,
                Advice.RTPENGINE_KEYS.getOrDefault(k, "no equivalent in isthmus.yaml"));
          }
        }
      }
    }
    if (conf.containsKey("listen-ng") || hasNodes()) {
      notes.guess(
          cfgName,
          0,
          "rtpengine_sock",
          "Kamailio's rtpengine is replaced by the relay in process; its NG socket stays open"
              + " at relay.listen-ng for tools that query it");
    }
  }

  private boolean hasNodes() {
    return cfg.modparams("rtpengine").stream().anyMatch(p -> p.name().equals("rtpengine_sock"));
  }

  private void nodes() {
    List<String> nodes = new ArrayList<>();
    for (KamailioCfg.ModParam p : cfg.modparams("rtpengine")) {
      if (!p.name().equals("rtpengine_sock")) {
        continue;
      }
      String value = p.value();
      if (value.contains("==")) {
        notes.unmapped(
            cfgName,
            p.line(),
            "rtpengine_sock sets (" + value + ")",
            "one set of relays: every node listed takes calls by weight");
        value = value.substring(value.indexOf("==") + 2);
      }
      for (String url : value.strip().split("\\s+")) {
        String weight = "1";
        int eq = url.indexOf('=');
        if (eq > 0) {
          weight = url.substring(eq + 1);
          url = url.substring(0, eq);
        }
        if (!url.startsWith("udp:")) {
          notes.unmapped(
              cfgName, p.line(), "rtpengine_sock " + url, "NG over UDP to IP literals only");
          continue;
        }
        String address = url.substring(4).replace("localhost", "127.0.0.1");
        nodes.add("{address: " + address + ", weight: " + weight + "}");
      }
    }
    if (nodes.isEmpty()) {
      nodes.add("{address: 127.0.0.1:22222, weight: 1}");
      notes.guess(cfgName, 0, "rtpengine_sock", "not set: rtpengine's usual 127.0.0.1:22222");
    }
    yaml.append("  nodes: [").append(String.join(", ", nodes)).append("]   # rtpengine_sock\n");
  }

  private void moduleParams() {
    for (KamailioCfg.ModParam p : cfg.modparams("rtpengine")) {
      String from = "   # " + cfgName + ":" + p.line() + " " + p.name() + "\n";
      switch (p.name()) {
        case "rtpengine_sock" -> {}
        case "rtpengine_tout_ms" ->
            yaml.append("  ng-timeout: ").append(p.value()).append("ms").append(from);
        case "rtpengine_retr" -> yaml.append("  ng-retries: ").append(p.value()).append(from);
        case "rtpengine_disable_tout" ->
            notes.unmapped(
                cfgName,
                p.line(),
                "rtpengine_disable_tout " + p.value(),
                "a node that fails is skipped at once, pinged every 5 s and used again once it"
                    + " answers");
        case "aggressive_redetection",
            "queried_nodes_limit",
            "hash_table_size",
            "hash_table_tout",
            "hash_algo" ->
            notes.unmapped(
                cfgName,
                p.line(),
                p.name(),
                "built in: a call sticks to its node, new calls go by weight, a failed node is"
                    + " skipped");
        default ->
            notes.unmapped(
                cfgName, p.line(), "modparam(rtpengine, " + p.name() + ")", "no equivalent");
      }
    }
  }

  /**
   * The flags every rtpengine_* call has become relay.default-flags (written as in
   * rtpengine_manage()), split by {@link #splitFlags}; direction= is what the proxy derives.
   */
  private void flags() {
    if (flagCalls == null) {
      splitFlags(Set.of());
    }
    if (flagCalls.isEmpty()) {
      return;
    }
    notes.guess(
        cfgName,
        0,
        "direction=",
        "not written as such: the proxy derives each call's direction from its two legs'"
            + " networks");
    if (!common.isEmpty()) {
      yaml.append("  default-flags: \"")
          .append(String.join(" ", common))
          .append("\"   # the flags of every rtpengine_manage/offer/answer\n");
    } else {
      yaml.append("  default-flags: []   # the rtpengine calls had no flags in common\n");
    }
  }

  private void sip() {
    StringBuilder s = new StringBuilder();
    for (KamailioCfg.ModParam p : cfg.modparams("tm")) {
      int v = MigrationDraft.parseInt(p.value());
      String from = "   # tm " + p.name() + "\n";
      switch (p.name()) {
        case "retr_timer1" -> s.append("  t1: ").append(v).append("ms").append(from);
        case "retr_timer2" -> s.append("  t2: ").append(v).append("ms").append(from);
        case "fr_inv_timer", "max_inv_lifetime" -> {
          if (v >= 181_000) {
            s.append("  timer-c: ").append(v).append("ms").append(from);
          } else {
            notes.unmapped(
                cfgName,
                p.line(),
                "tm " + p.name() + " " + v,
                "Timer C is at least 181 s (RFC 3261 16.6); a silent gateway is left after"
                    + " dispatcher.no-response-timeout instead");
          }
        }
        case "fr_timer" ->
            notes.unmapped(
                cfgName,
                p.line(),
                "tm fr_timer " + v,
                "Timer B/F are 64*T1 (RFC 3261); a gateway silent for"
                    + " dispatcher.no-response-timeout (2s) gets the call moved on");
        default ->
            notes.unmapped(cfgName, p.line(), "modparam(tm, " + p.name() + ")", "no equivalent");
      }
    }
    for (KamailioCfg.ModParam p : cfg.modparams("rr")) {
      switch (p.name()) {
        case "enable_double_rr", "append_fromtag" -> {} // built in: two Record-Routes, ftag
        default ->
            notes.unmapped(cfgName, p.line(), "modparam(rr, " + p.name() + ")", "no equivalent");
      }
    }
    if (!s.isEmpty()) {
      yaml.append("sip:\n").append(s).append('\n');
    }
  }

  private void hep() {
    if (conf == null || !conf.containsKey("homer")) {
      return;
    }
    RtpengineConfigFile.Entry homer = conf.get("homer");
    yaml.append("hep:   # rtpengine's homer: now every SIP message too\n");
    yaml.append("  collector: ")
        .append(homer.value())
        .append("   # ")
        .append(confName)
        .append(':')
        .append(homer.line())
        .append(" homer\n");
    if (conf.containsKey("homer-id")) {
      yaml.append("  capture-id: ").append(conf.get("homer-id").value()).append('\n');
    }
    yaml.append('\n');
  }
}
