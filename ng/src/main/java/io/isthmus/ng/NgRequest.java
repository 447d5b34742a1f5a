package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A typed view of an NG request dictionary, read and checked once by {@link #of(BDict)}.
 *
 * <p>Keys are matched with spaces or hyphens ({@code delete delay} = {@code delete-delay}), as
 * rtpengine does. Keys this view does not know stay available through {@link #body()}. Flags of the
 * form {@code codec-<op>-<codec>}, {@code replace-<x>}, {@code rtcp-mux-<x>}, {@code SDES-<x>} and
 * {@code OSRTP-<x>} are merged into their lists; other unknown flags become {@link #warnings()}.
 */
public final class NgRequest {
  private final BDict body;
  private final NgCommand command;
  private String callId;
  private String fromTag;
  private String toTag;
  private String viaBranch;
  private BString sdp;
  private List<String> direction = List.of();
  private final Set<String> flags = new LinkedHashSet<>();
  private final List<String> replace = new ArrayList<>();
  private final List<String> rtcpMux = new ArrayList<>();
  private final List<String> sdes = new ArrayList<>();
  private final List<String> osrtp = new ArrayList<>();
  private String ice;
  private String transportProtocol;
  private List<String> receivedFrom = List.of();
  private NgCodecOptions codec = NgCodecOptions.NONE;
  private OptionalLong deleteDelay = OptionalLong.empty();
  private String label;
  private String fromLabel;
  private String toLabel;
  private String addressFamily;
  private String recordCall;
  private String dtls;
  private List<String> supports = List.of();
  private final List<String> warnings = new ArrayList<>();
  private final InetSocketAddress source;
  private final Map<String, String> typeErrors = new HashMap<>();

  private NgRequest(BDict body, NgCommand command, InetSocketAddress source) {
    this.body = body;
    this.command = command;
    this.source = source;
  }

  /**
   * Reads a request.
   *
   * <p>As in rtpengine, a key whose value has the wrong type counts as absent (with a warning, and
   * as the {@link NgException#detail} of the error when the command needs it).
   *
   * @throws NgException for a missing or unknown command, or a key the command requires that is
   *     missing (rtpengine's wording: "No call-id in message", ...)
   */
  public static NgRequest of(BDict body) throws NgException {
    return of(body, null);
  }

  /**
   * Reads a request received from {@code source} (the control client, counted per address in {@code
   * statistics}); null for one made in process.
   *
   * @throws NgException as {@link #of(BDict)}
   */
  public static NgRequest of(BDict body, InetSocketAddress source) throws NgException {
    if (!(body.get("command") instanceof BString name)) {
      throw new NgException("Dictionary contains no key \"command\"");
    }
    NgCommand command = NgCommand.lookup(name);
    if (command == null) {
      throw new NgException("Unrecognized command");
    }
    NgRequest r = new NgRequest(body, command, source);
    r.read();
    r.checkRequired();
    return r;
  }

  private void read() {
    NgCodecOptions.Collector codecs = new NgCodecOptions.Collector();
    List<String> rawFlags = List.of();
    for (int i = 0; i < body.size(); i++) {
      String key = body.key(i).asString().replace(' ', '-');
      BValue v = body.value(i);
      switch (key) {
        case "call-id" -> callId = string(key, v);
        case "from-tag" -> fromTag = string(key, v);
        case "to-tag" -> toTag = string(key, v);
        case "via-branch" -> viaBranch = string(key, v);
        case "sdp" -> {
          if (v instanceof BString s) {
            sdp = s;
          } else {
            ignored(key, "a string", v);
          }
        }
        case "direction" -> direction = List.copyOf(strings(key, v));
        case "flags" -> rawFlags = strings(key, v);
        case "replace" -> replace.addAll(strings(key, v));
        case "rtcp-mux" -> rtcpMux.addAll(strings(key, v));
        case "SDES" -> sdes.addAll(stringOrList(key, v));
        case "OSRTP" -> osrtp.addAll(stringOrList(key, v));
        case "ICE" -> ice = string(key, v);
        case "transport-protocol" -> transportProtocol = string(key, v);
        case "received-from" -> receivedFrom = List.copyOf(strings(key, v));
        case "codec" -> {
          try {
            codecs.addDictionary(v);
          } catch (NgException e) {
            warnings.add("Ignored: " + e.reason());
          }
        }
        case "delete-delay" -> {
          try {
            deleteDelay = OptionalLong.of(NgValues.integer(key, v));
          } catch (NgException e) {
            warnings.add("Ignored: " + e.reason());
          }
        }
        case "label" -> label = string(key, v);
        case "from-label" -> fromLabel = string(key, v);
        case "to-label" -> toLabel = string(key, v);
        case "address-family" -> addressFamily = string(key, v);
        case "record-call" -> recordCall = string(key, v);
        case "DTLS" -> dtls = string(key, v);
        case "supports" -> supports = List.copyOf(strings(key, v));
        default -> {} // other keys: rtpengine ignores what it does not know; body() has them
      }
    }
    for (String flag : rawFlags) {
      readFlag(flag, codecs);
    }
    codec = codecs.build();
  }

  /**
   * A string value; rtpengine treats a value of another type as absent, and so do we, with a
   * warning (and the detail of a required key's error, {@link #checkRequired}).
   */
  private String string(String key, BValue v) {
    if (v instanceof BString s) {
      return s.asString();
    }
    ignored(key, "a string", v);
    return null;
  }

  /** A list of strings; like rtpengine, a non-list is ignored and non-string items skipped. */
  private List<String> strings(String key, BValue v) {
    if (!(v instanceof BList l)) {
      ignored(key, "a list of strings", v);
      return List.of();
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i) instanceof BString s) {
        out.add(s.asString());
      } else {
        warnings.add(
            "Ignored item "
                + i
                + " of key \""
                + key
                + "\": "
                + l.get(i).typeName()
                + ", expected a string");
      }
    }
    return out;
  }

  private void ignored(String key, String expected, BValue v) {
    String detail = NgValues.wrongType(key, expected, v).reason();
    typeErrors.put(key, detail);
    warnings.add("Ignored key \"" + key + "\": expected " + expected + ", got " + v.typeName());
  }

  private void readFlag(String flag, NgCodecOptions.Collector codecs) {
    String hyphenated = flag.replace(' ', '-');
    String normal = NgFlags.normalize(flag);
    if (codecs.addFlag(hyphenated)) {
      return;
    }
    if (addPrefixed(normal, hyphenated, "replace-", replace)
        || addPrefixed(normal, hyphenated, "rtcp-mux-", rtcpMux)
        || addPrefixed(normal, hyphenated, "sdes-", sdes)
        || addPrefixed(normal, hyphenated, "osrtp-", osrtp)) {
      return;
    }
    if (!NgFlags.isKnown(normal)) {
      warnings.add("Unknown flag encountered: '" + flag + "'");
    }
    flags.add(normal);
  }

  private static boolean addPrefixed(String normal, String raw, String prefix, List<String> to) {
    if (normal.startsWith(prefix) && normal.length() > prefix.length()) {
      to.add(raw.substring(prefix.length()));
      return true;
    }
    return false;
  }

  private List<String> stringOrList(String key, BValue v) {
    return v instanceof BString s ? List.of(s.asString()) : strings(key, v);
  }

  private void checkRequired() throws NgException {
    NgCommand.Needs needs = command.needs;
    if (needs.sdp && sdp == null) {
      throw missing("No SDP body in message", "sdp");
    }
    if (needs.callId && callId == null) {
      throw missing("No call-id in message", "call-id");
    }
    if (needs.fromTag && fromTag == null) {
      throw missing("No from-tag in message", "from-tag");
    }
    if (needs.toTag && toTag == null) {
      throw missing("No to-tag in message", "to-tag");
    }
  }

  /** rtpengine's reason for a missing key; the detail says when it was there with a wrong type. */
  private NgException missing(String reason, String key) {
    return new NgException(reason, typeErrors.get(key));
  }

  /** The control client's address, or null for a request made in process. */
  public InetSocketAddress source() {
    return source;
  }

  /** The dictionary as received. */
  public BDict body() {
    return body;
  }

  public NgCommand command() {
    return command;
  }

  /** {@code call-id}, or null. */
  public String callId() {
    return callId;
  }

  /** {@code from-tag}: the tag of the party that sent this SDP (offerer), or null. */
  public String fromTag() {
    return fromTag;
  }

  /** {@code to-tag}, or null. */
  public String toTag() {
    return toTag;
  }

  /** {@code via-branch}, or null. */
  public String viaBranch() {
    return viaBranch;
  }

  /** {@code sdp} (a view into the request datagram), or null. */
  public BString sdp() {
    return sdp;
  }

  /** {@code direction}: [interface facing the sender, interface facing the recipient], or empty. */
  public List<String> direction() {
    return direction;
  }

  /** The flags in normal form ({@link NgFlags#normalize}), prefixed flags excluded. */
  public Set<String> flags() {
    return Set.copyOf(flags);
  }

  /** True if {@code flag} (any spelling: spaces or hyphens, any case) was given. */
  public boolean hasFlag(String flag) {
    return flags.contains(NgFlags.normalize(flag));
  }

  /**
   * {@code replace} with {@code replace-<x>} flags ({@code origin}, {@code session-connection}...).
   */
  public List<String> replace() {
    return List.copyOf(replace);
  }

  /** {@code rtcp-mux} with {@code rtcp-mux-<x>} flags ({@code offer}, {@code demux}, ...). */
  public List<String> rtcpMux() {
    return List.copyOf(rtcpMux);
  }

  /** {@code SDES} with {@code SDES-<x>} flags. */
  public List<String> sdes() {
    return List.copyOf(sdes);
  }

  /** {@code OSRTP} with {@code OSRTP-<x>} flags. */
  public List<String> osrtp() {
    return List.copyOf(osrtp);
  }

  /** {@code ICE} ({@code remove}, {@code force}, ...), or null. */
  public String ice() {
    return ice;
  }

  /** {@code transport-protocol} ({@code RTP/AVP}, ...), or null. */
  public String transportProtocol() {
    return transportProtocol;
  }

  /** {@code received-from}: [address family, address], or empty. */
  public List<String> receivedFrom() {
    return receivedFrom;
  }

  /** Codec manipulations from {@code codec} and {@code codec-*} flags. */
  public NgCodecOptions codec() {
    return codec;
  }

  /** {@code delete-delay} in seconds, if given. */
  public OptionalLong deleteDelay() {
    return deleteDelay;
  }

  /** {@code label}, or null. */
  public String label() {
    return label;
  }

  /** {@code from-label}, or null. */
  public String fromLabel() {
    return fromLabel;
  }

  /** {@code to-label}, or null. */
  public String toLabel() {
    return toLabel;
  }

  /** {@code address-family} ({@code IP4}/{@code IP6}), or null. */
  public String addressFamily() {
    return addressFamily;
  }

  /** {@code record-call} ({@code yes}/{@code no}/{@code on}/{@code off}), or null. */
  public String recordCall() {
    return recordCall;
  }

  /** {@code DTLS}, or null. */
  public String dtls() {
    return dtls;
  }

  /** {@code supports} (Kamailio sends {@code ["load limit"]}). */
  public List<String> supports() {
    return supports;
  }

  /** True if the client accepts a {@code load limit} result instead of an error. */
  public boolean supportsLoadLimit() {
    return supports.contains("load limit");
  }

  /** Non-fatal problems, e.g. "Unknown flag encountered: 'x'". */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public String toString() {
    return command.wireName() + " " + body;
  }
}
