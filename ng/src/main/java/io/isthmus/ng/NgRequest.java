package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  private NgRequest(BDict body, NgCommand command) {
    this.body = body;
    this.command = command;
  }

  /**
   * Reads a request.
   *
   * @throws NgException for a missing or unknown command, a key of the wrong type, or a key the
   *     command requires that is missing (rtpengine's wording: "No call-id in message", ...)
   */
  public static NgRequest of(BDict body) throws NgException {
    if (!(body.get("command") instanceof BString name)) {
      throw new NgException("Dictionary contains no key \"command\"");
    }
    NgCommand command = NgCommand.lookup(name);
    if (command == null) {
      throw new NgException("Unrecognized command");
    }
    NgRequest r = new NgRequest(body, command);
    r.read();
    r.checkRequired();
    return r;
  }

  private void read() throws NgException {
    NgCodecOptions.Collector codecs = new NgCodecOptions.Collector();
    List<String> rawFlags = List.of();
    for (int i = 0; i < body.size(); i++) {
      String key = body.key(i).asString().replace(' ', '-');
      BValue v = body.value(i);
      switch (key) {
        case "call-id" -> callId = NgValues.string(key, v).asString();
        case "from-tag" -> fromTag = NgValues.string(key, v).asString();
        case "to-tag" -> toTag = NgValues.string(key, v).asString();
        case "via-branch" -> viaBranch = NgValues.string(key, v).asString();
        case "sdp" -> sdp = NgValues.string(key, v);
        case "direction" -> direction = List.copyOf(NgValues.strings(key, v));
        case "flags" -> rawFlags = NgValues.strings(key, v);
        case "replace" -> replace.addAll(NgValues.strings(key, v));
        case "rtcp-mux" -> rtcpMux.addAll(NgValues.strings(key, v));
        case "SDES" -> sdes.addAll(stringOrList(key, v));
        case "OSRTP" -> osrtp.addAll(stringOrList(key, v));
        case "ICE" -> ice = NgValues.string(key, v).asString();
        case "transport-protocol" -> transportProtocol = NgValues.string(key, v).asString();
        case "received-from" -> receivedFrom = List.copyOf(NgValues.strings(key, v));
        case "codec" -> codecs.addDictionary(v);
        case "delete-delay" -> deleteDelay = OptionalLong.of(NgValues.integer(key, v));
        case "label" -> label = NgValues.string(key, v).asString();
        case "from-label" -> fromLabel = NgValues.string(key, v).asString();
        case "to-label" -> toLabel = NgValues.string(key, v).asString();
        case "address-family" -> addressFamily = NgValues.string(key, v).asString();
        case "record-call" -> recordCall = NgValues.string(key, v).asString();
        case "DTLS" -> dtls = NgValues.string(key, v).asString();
        case "supports" -> supports = List.copyOf(NgValues.strings(key, v));
        default -> {} // other keys: rtpengine ignores what it does not know; body() has them
      }
    }
    for (String flag : rawFlags) {
      readFlag(flag, codecs);
    }
    codec = codecs.build();
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

  private static List<String> stringOrList(String key, BValue v) throws NgException {
    return v instanceof BString s ? List.of(s.asString()) : NgValues.strings(key, v);
  }

  private void checkRequired() throws NgException {
    NgCommand.Needs needs = command.needs;
    if (needs.sdp && sdp == null) {
      throw new NgException("No SDP body in message");
    }
    if (needs.callId && callId == null) {
      throw new NgException("No call-id in message");
    }
    if (needs.fromTag && fromTag == null) {
      throw new NgException("No from-tag in message");
    }
    if (needs.toTag && toTag == null) {
      throw new NgException("No to-tag in message");
    }
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
