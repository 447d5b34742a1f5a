package io.isthmus.app.migrate;

import io.isthmus.app.relay.RtpengineConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drafts an isthmus.yaml from a Kamailio dispatcher + rtpengine configuration: the common subset of
 * {@code docs/migrating.md}, as YAML text with a comment on each line saying where it came from,
 * and {@link Notes} for everything that has no equivalent or was guessed.
 *
 * <p>Networks are the distinct {@code listen=} addresses; each is named after the rtpengine
 * interface on that address (rtpengine.conf's {@code interface}), serves the dispatcher set whose
 * gateways are on its /24, and admits that /24 (a guess the notes point at). With an rtpengine.conf
 * the relay runs in process with its settings; without one, the proxy keeps driving the rtpengines
 * of {@code rtpengine_sock} over NG.
 */
public final class MigrationDraft {
  /** The drafted YAML and the notes. */
  public record Result(String yaml, List<Notes.Note> unmapped, List<Notes.Note> guesses) {}

  private final KamailioCfg cfg;
  private final String cfgName;
  private final Path cfgDir;
  private final Map<String, RtpengineConfigFile.Entry> rtpengine;
  private final String rtpengineName;
  private final Notes notes = new Notes();
  private final StringBuilder yaml = new StringBuilder();

  private MigrationDraft(
      KamailioCfg cfg,
      Path cfgFile,
      Map<String, RtpengineConfigFile.Entry> rtpengine,
      Path rtpengineFile) {
    this.cfg = cfg;
    this.cfgName = String.valueOf(cfgFile.getFileName());
    this.cfgDir = cfgFile.toAbsolutePath().getParent();
    this.rtpengine = rtpengine;
    this.rtpengineName = rtpengineFile == null ? null : String.valueOf(rtpengineFile.getFileName());
  }

  /**
   * Drafts the YAML.
   *
   * @param rtpengineFile rtpengine.conf, or null to keep the external rtpengines
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException when the files cannot be migrated at all (no listen address)
   */
  public static Result draft(Path kamailioCfg, Path rtpengineFile, String rtpengineSection)
      throws IOException {
    KamailioCfg cfg = KamailioCfg.parse(Files.readString(kamailioCfg, StandardCharsets.ISO_8859_1));
    Map<String, RtpengineConfigFile.Entry> conf = null;
    if (rtpengineFile != null) {
      try {
        conf = RtpengineConfigFile.read(rtpengineFile, rtpengineSection);
      } catch (io.isthmus.app.relay.RelayOptionsException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    MigrationDraft d = new MigrationDraft(cfg, kamailioCfg, conf, rtpengineFile);
    d.build();
    return new Result(d.yaml.toString(), d.notes.unmapped, d.notes.guesses);
  }

  private void build() throws IOException {
    yaml.append("# isthmus.yaml drafted by `isthmus migrate` from ")
        .append(cfgName)
        .append(rtpengineName != null ? " and " + rtpengineName : "")
        .append(".\n# Review the lines marked CHECK, then: isthmus check --config FILE\n\n");
    Map<Integer, List<String>> gateways = new LinkedHashMap<>();
    String listFile = listFile(gateways);
    List<Network> networks = networks(gateways);
    RelayMapping relay = new RelayMapping(cfg, cfgName, rtpengine, rtpengineName, notes, yaml);
    Set<String> names = new LinkedHashSet<>();
    networks.forEach(n -> names.add(n.name()));
    relay.splitFlags(names);
    writeNetworks(networks, relay);
    writeDispatcher(listFile);
    relay.write();
    modules();
  }

  // ---- networks ---------------------------------------------------------------------------

  private record Network(
      String name,
      String address,
      int port,
      Set<String> transports,
      String media,
      String subnet,
      Integer set,
      int line) {}

  private List<Network> networks(Map<Integer, List<String>> gateways) {
    Map<String, KamailioCfg.Listen> first = new LinkedHashMap<>();
    Map<String, Set<String>> transports = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (KamailioCfg.Listen l : cfg.listens) {
      if (!l.proto().equals("udp") && !l.proto().equals("tcp")) {
        notes.unmapped(
            cfgName,
            l.line(),
            "listen=" + l.proto() + ":" + l.address(),
            "Isthmus speaks SIP over UDP and TCP only");
        continue;
      }
      first.putIfAbsent(l.address(), l);
      transports.computeIfAbsent(l.address(), a -> new LinkedHashSet<>()).add(l.proto());
      Integer known = ports.putIfAbsent(l.address(), l.port());
      if (known != null && known != l.port()) {
        notes.unmapped(
            cfgName,
            l.line(),
            "listen=" + l.proto() + ":" + l.address() + ":" + l.port(),
            "one SIP port per network address: " + known + " is used");
      }
    }
    if (first.isEmpty()) {
      throw new IllegalArgumentException(
          cfgName + ": no listen=udp:ADDRESS[:PORT] or tcp: line (expected one per network)");
    }
    Map<String, String> interfaces = rtpengineInterfaces();
    List<String> directions = directionNames();
    List<Network> out = new ArrayList<>();
    Set<Integer> usedSets = new LinkedHashSet<>();
    int index = 0;
    for (KamailioCfg.Listen l : first.values()) {
      index++;
      String address = l.address();
      String media = interfaces.get(address);
      String name;
      if (media != null) {
        name = media.substring(0, media.indexOf('/'));
      } else if (directions.size() == first.size()) {
        name = directions.get(index - 1);
        media = name + "/" + address;
        notes.guess(
            cfgName,
            l.line(),
            "network " + name,
            "named after the direction= values in the order they appear; check that "
                + name
                + " is the interface on "
                + address);
      } else {
        name = "net" + index;
        media = name + "/" + address;
        notes.guess(
            cfgName,
            l.line(),
            "network " + name,
            "no rtpengine interface on " + address + ": name it as your relay's interface");
      }
      String subnet = slash24(address);
      Integer set = null;
      for (var e : gateways.entrySet()) {
        if (!usedSets.contains(e.getKey())
            && e.getValue().stream().anyMatch(h -> subnet != null && inSlash24(h, address))) {
          set = e.getKey();
          usedSets.add(set);
          break;
        }
      }
      out.add(
          new Network(
              name,
              address,
              ports.get(address),
              transports.get(address),
              media,
              subnet,
              set,
              l.line()));
    }
    return out;
  }

  private void writeNetworks(List<Network> networks, RelayMapping relay) {
    yaml.append("networks:\n");
    for (Network n : networks) {
      yaml.append("  ").append(n.name()).append(":\n");
      yaml.append("    sip:\n");
      yaml.append("      - address: ")
          .append(n.address())
          .append("         # ")
          .append(cfgName)
          .append(':')
          .append(n.line())
          .append(" listen=\n");
      yaml.append("        port: ").append(n.port()).append('\n');
      yaml.append("        transports: [").append(String.join(", ", n.transports())).append("]\n");
      yaml.append("    media: ").append(n.media()).append('\n');
      if (n.subnet() != null) {
        yaml.append("    sources: [")
            .append(n.subnet())
            .append("]   # CHECK: the /24 around the listen address\n");
        notes.guess(
            cfgName,
            n.line(),
            "networks." + n.name() + ".sources",
            n.subnet()
                + ", the /24 around "
                + n.address()
                + ": list the subnets that send SIP to this side");
      } else {
        yaml.append("    sources: []   # CHECK: the subnets that send SIP to this side\n");
        notes.unmapped(
            cfgName,
            n.line(),
            "networks." + n.name() + ".sources",
            "write the subnets that send SIP to this side");
      }
      if (n.set() != null) {
        yaml.append("    gateway-set: ")
            .append(n.set())
            .append("   # the set whose gateways are on this network\n");
      } else {
        yaml.append("    gateway-set: 0   # CHECK: no dispatcher set has gateways here\n");
        notes.unmapped(
            cfgName,
            n.line(),
            "networks." + n.name() + ".gateway-set",
            "no dispatcher set has its gateways on "
                + n.address()
                + "'s /24: name the set"
                + " serving calls to this network");
      }
      yaml.append(relay.networkLines(n.name()));
    }
    yaml.append('\n');
  }

  /** rtpengine.conf's interfaces by local address: {@code name/local[!advertised]}. */
  private Map<String, String> rtpengineInterfaces() {
    Map<String, String> byAddress = new LinkedHashMap<>();
    if (rtpengine == null || !rtpengine.containsKey("interface")) {
      return byAddress;
    }
    for (String spec : rtpengine.get("interface").value().split(";")) {
      spec = spec.strip();
      int slash = spec.indexOf('/');
      if (slash <= 0) {
        notes.unmapped(
            rtpengineName,
            rtpengine.get("interface").line(),
            "interface " + spec,
            "an interface without a name: write NAME/ADDRESS, the name is the network's");
        continue;
      }
      String local = spec.substring(slash + 1);
      int bang = local.indexOf('!');
      byAddress.put(bang < 0 ? local : local.substring(0, bang), spec);
    }
    return byAddress;
  }

  /** The interface names of direction= flags, in first-appearance order. */
  private List<String> directionNames() {
    Set<String> names = new LinkedHashSet<>();
    for (KamailioCfg.Call c : cfg.calls) {
      if (c.function().startsWith("rtpengine_") && !c.args().isEmpty()) {
        for (String word : c.args().getFirst().split("\\s+")) {
          if (word.startsWith("direction=")) {
            names.add(word.substring("direction=".length()));
          }
        }
      }
    }
    return List.copyOf(names);
  }

  private static String slash24(String address) {
    String[] p = address.split("\\.");
    return p.length == 4 ? p[0] + "." + p[1] + "." + p[2] + ".0/24" : null;
  }

  private static boolean inSlash24(String host, String address) {
    String net = address.substring(0, address.lastIndexOf('.') + 1);
    return host.startsWith(net);
  }

  // ---- dispatcher ---------------------------------------------------------------------------

  /** The list file's path (absolute), reading its set ids and gateway hosts into {@code out}. */
  private String listFile(Map<Integer, List<String>> out) throws IOException {
    String path = "/etc/kamailio/dispatcher.list"; // the module's default
    int line = 0;
    for (KamailioCfg.ModParam p : cfg.modparams("dispatcher")) {
      if (p.name().equals("list_file")) {
        path = p.value();
        line = p.line();
      }
    }
    Path file = Path.of(path);
    if (!file.isAbsolute()) {
      file = cfgDir.resolve(path);
    }
    if (!Files.isReadable(file)) {
      Path beside = cfgDir.resolve(file.getFileName());
      if (Files.isReadable(beside)) {
        notes.guess(
            cfgName,
            line,
            "list_file " + path,
            "not found there; the one beside " + cfgName + " is used");
        file = beside;
      } else {
        notes.unmapped(
            cfgName,
            line,
            "list_file " + path,
            "not readable: the draft names it, copy it there or fix dispatcher.list-file");
        return file.toString();
      }
    }
    for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      String t = l.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split("\\s+");
      if (f.length < 2) {
        continue; // isthmus check reports it with the list file's line
      }
      try {
        int set = Integer.parseInt(f[0]);
        String host = f[1].replaceFirst("^sips?:", "").replaceFirst("^[^@]*@", "");
        out.computeIfAbsent(set, s -> new ArrayList<>()).add(host);
      } catch (NumberFormatException e) {
        // reported by isthmus check
      }
    }
    return file.toAbsolutePath().toString();
  }

  private void writeDispatcher(String listFile) {
    yaml.append("dispatcher:\n");
    yaml.append("  list-file: ").append(listFile).append("   # modparam list_file\n");
    algorithms();
    failoverStatuses();
    probing();
    yaml.append('\n');
  }

  private static final Map<String, String> ALGORITHMS =
      Map.of(
          "0", "hash-call-id",
          "1", "hash-from-uri",
          "2", "hash-to-uri",
          "5", "hash-auth-user",
          "4", "round-robin",
          "8", "priority",
          "9", "weight",
          "10", "call-load");

  private void algorithms() {
    Map<String, String> perSet = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (KamailioCfg.Call c : cfg.calls) {
      if (!c.function().startsWith("ds_select") || c.args().size() < 2) {
        continue;
      }
      String set = c.args().get(0);
      String alg = c.args().get(1);
      if (!set.matches("\\d+") || !alg.matches("\\d+")) {
        notes.unmapped(
            cfgName,
            c.line(),
            c.function() + "(" + set + ", " + alg + ")",
            "set and algorithm from variables: Isthmus picks the set by network");
        continue;
      }
      if (!ALGORITHMS.containsKey(alg)) {
        notes.unmapped(
            cfgName,
            c.line(),
            c.function() + " algorithm " + alg,
            "not supported (0, 1, 2, 4, 5, 8, 9, 10 are): round-robin is drafted");
        alg = "4";
      }
      if (c.args().size() > 2) {
        notes.unmapped(
            cfgName,
            c.line(),
            c.function() + " limit " + c.args().get(2),
            "no limit on failover attempts: every gateway of the set may be tried");
      }
      perSet.putIfAbsent(set, alg);
      lines.putIfAbsent(set, c.line());
    }
    Set<String> distinct = new LinkedHashSet<>(perSet.values());
    if (distinct.size() == 1) {
      String alg = distinct.iterator().next();
      yaml.append("  algorithm: ")
          .append(ALGORITHMS.get(alg))
          .append("   # ds_select_dst(set, ")
          .append(alg)
          .append(")\n");
    } else if (distinct.size() > 1) {
      yaml.append("  set-algorithms:\n");
      perSet.forEach(
          (set, alg) ->
              yaml.append("    ")
                  .append(set)
                  .append(": ")
                  .append(ALGORITHMS.get(alg))
                  .append("   # ")
                  .append(cfgName)
                  .append(':')
                  .append(lines.get(set))
                  .append('\n'));
    }
  }

  private void failoverStatuses() {
    Set<String> parts = new LinkedHashSet<>();
    for (KamailioCfg.Call c : cfg.calls("t_check_status")) {
      if (c.args().isEmpty()) {
        continue;
      }
      for (String alt : c.args().getFirst().split("\\|")) {
        alt = alt.strip();
        if (alt.matches("[1-6]\\d\\d")) {
          parts.add("code=" + alt);
        } else if (alt.matches("[1-6](\\[0-9]|\\\\d|\\.){2}")) {
          parts.add("class=" + alt.charAt(0));
        } else {
          notes.unmapped(
              cfgName,
              c.line(),
              "t_check_status(\"" + c.args().getFirst() + "\")",
              "the pattern " + alt + " is not a code or a class: write failover-statuses");
        }
      }
    }
    if (!parts.isEmpty()) {
      yaml.append("  failover-statuses: ")
          .append(String.join(";", parts))
          .append("   # t_check_status() in the failure route\n");
    }
  }

  private void probing() {
    StringBuilder p = new StringBuilder();
    String interval = null;
    for (KamailioCfg.ModParam m : cfg.modparams("dispatcher")) {
      String v = m.value();
      switch (m.name()) {
        case "list_file" -> {}
        case "ds_ping_interval" -> {
          if (v.equals("0")) {
            notes.unmapped(
                cfgName,
                m.line(),
                "ds_ping_interval 0",
                "probing is off in Kamailio; Isthmus always probes (interval 10s by default)");
          } else {
            interval = v;
            p.append("    interval: ").append(v).append("s   # ds_ping_interval\n");
          }
        }
        case "ds_probing_mode" -> {
          String mode =
              switch (v) {
                case "1" -> "all";
                case "2" -> "inactive-only";
                case "0", "3" -> "flagged";
                default -> null;
              };
          if (mode == null) {
            notes.unmapped(cfgName, m.line(), "ds_probing_mode " + v, "not a mode (0-3)");
          } else {
            p.append("    mode: ")
                .append(mode)
                .append("   # ds_probing_mode ")
                .append(v)
                .append('\n');
          }
        }
        case "ds_probing_threshold", "ds_probing_threshhold" ->
            p.append("    failure-threshold: ")
                .append(v)
                .append("   # ")
                .append(m.name())
                .append('\n');
        case "ds_inactive_threshold" ->
            p.append("    success-threshold: ").append(v).append("   # ds_inactive_threshold\n");
        case "ds_ping_reply_codes" ->
            p.append("    accepted-replies: ").append(v).append("   # ds_ping_reply_codes\n");
        case "flags" -> {
          int flags = parseInt(v);
          if ((flags & 1) != 0) {
            yaml.append("  hash-user-only: true   # modparam flags 1\n");
          }
          if ((flags & ~3) != 0) {
            notes.unmapped(
                cfgName,
                m.line(),
                "dispatcher flags " + v,
                "only 1 (hash the user part) and 2 (failover, always on) have a meaning here");
          }
        }
        case "ds_ping_method" -> {
          if (!v.equals("OPTIONS")) {
            notes.unmapped(cfgName, m.line(), "ds_ping_method " + v, "Isthmus probes with OPTIONS");
          }
        }
        default ->
            notes.unmapped(
                cfgName,
                m.line(),
                "modparam(dispatcher, " + m.name() + ")",
                dispatcherAdvice(m.name()));
      }
    }
    if (interval != null && parseInt(interval) > 0 && parseInt(interval) < 5) {
      p.append("    timeout: ").append(interval).append("s   # not longer than the interval\n");
    }
    if (!p.isEmpty()) {
      yaml.append("  probing:\n").append(p);
    }
  }

  private static String dispatcherAdvice(String name) {
    return switch (name) {
      case "ds_ping_from" -> "probes carry Isthmus' own From; not configurable";
      case "ds_ping_latency_stats", "ds_latency_estimator_alpha" ->
          "the last probe's round trip is shown (isthmus ctl gateways, /metrics)";
      case "ds_hash_size", "ds_hash_expire", "ds_hash_initexpire", "ds_hash_check_interval" ->
          "call-load tracking needs no tuning: answered calls are counted per gateway";
      case "xavp_dst", "xavp_ctx", "xavp_dst_mode", "xavp_ctx_mode" ->
          "no script variables: failover is built in";
      case "db_url", "table_name" -> "no database: use the list file";
      default -> "no equivalent";
    };
  }

  static int parseInt(String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---- modules --------------------------------------------------------------------------

  private void modules() {
    for (String module : cfg.modules) {
      if (Advice.BUILT_IN.contains(module)) {
        continue;
      }
      String advice = Advice.MODULES.getOrDefault(module, "no equivalent in Isthmus");
      notes.unmapped(cfgName, 0, "loadmodule " + module, advice);
    }
    for (KamailioCfg.ModParam m : cfg.modparams) {
      if (!Set.of("dispatcher", "rtpengine", "tm", "rr").contains(m.module())
          && !Advice.BUILT_IN.contains(m.module())
          && !cfg.modules.contains(m.module())) {
        notes.unmapped(
            cfgName,
            m.line(),
            "modparam(" + m.module() + ", " + m.name() + ")",
            "module not loaded");
      }
    }
  }
}
