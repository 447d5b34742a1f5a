package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipUri;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The attrs column of a gateway ({@code k=v;k=v}), with the attributes Kamailio's dispatcher
 * understands parsed into typed fields (names case-insensitive, as in {@code ds_set_attrs}); any
 * other attribute is kept, in order, in {@link #extra()} (e.g. {@code class=4;prefix=448}).
 *
 * @param body the attrs text as written, without a trailing ';' ("" when none)
 * @param duid unique id of the destination, shared load counter for call load (alg 10); or null
 * @param weight 1..100, the share of calls for weight distribution (alg 9); 0 when not given
 * @param rweight 1..100 relative weight (alg 11, kept for listing); 0 when not given
 * @param maxload maximum active calls for call load (alg 10); 0 = unlimited
 * @param socket the local socket to send from, or null for the default of the gateway's network
 * @param sockname a named local socket (wins over {@code socket} in Kamailio), or null
 * @param pingFrom the From URI of keepalive OPTIONS, or null for the default
 * @param obproxy outbound proxy for keepalives, or null
 * @param extra every other attribute, names in lower case, values as written ("" for a bare name)
 */
public record GatewayAttrs(
    String body,
    String duid,
    int weight,
    int rweight,
    int maxload,
    GatewaySocket socket,
    String sockname,
    SipUri pingFrom,
    SipUri obproxy,
    Map<String, String> extra) {

  /** No attributes. */
  public static final GatewayAttrs NONE =
      new GatewayAttrs("", null, 0, 0, 0, null, null, null, null, Map.of());

  public GatewayAttrs {
    extra = Map.copyOf(extra);
  }

  /** Parses {@code k=v;k=v}; an empty or null text gives {@link #NONE}. */
  static GatewayAttrs parse(String text) throws InvalidFieldException {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    String body = text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    String duid = null;
    int weight = 0;
    int rweight = 0;
    int maxload = 0;
    GatewaySocket socket = null;
    String sockname = null;
    SipUri pingFrom = null;
    SipUri obproxy = null;
    Map<String, String> extra = new LinkedHashMap<>();
    for (String pair : body.split(";", -1)) {
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (name.isEmpty()) {
        throw new InvalidFieldException("attrs", "attrs '" + text + "' has an empty attribute");
      }
      switch (name) {
        case "duid" -> duid = requireValue(name, value);
        case "weight" -> weight = percent(name, value);
        case "rweight" -> rweight = percent(name, value);
        case "maxload" -> maxload = nonNegative(name, value);
        case "socket" -> socket = GatewaySocket.parse(requireValue(name, value));
        case "sockname" -> sockname = requireValue(name, value);
        case "ping_from" -> pingFrom = sipUri(name, value);
        case "obproxy" -> obproxy = sipUri(name, value);
        default -> extra.put(name, value);
      }
    }
    return new GatewayAttrs(
        body, duid, weight, rweight, maxload, socket, sockname, pingFrom, obproxy, extra);
  }

  private static String requireValue(String name, String value) throws InvalidFieldException {
    if (value.isEmpty()) {
      throw new InvalidFieldException(name, name + " has no value");
    }
    return value;
  }

  /**
   * Kamailio takes 1..100 and ignores (logs) anything else; we reject it, since an ignored weight
   * silently moves that gateway's share to the last one of the set.
   */
  private static int percent(String name, String value) throws InvalidFieldException {
    Integer v = Numbers.parseInt(value, false);
    if (v == null) {
      throw new InvalidFieldException(name, name + " '" + value + "' is not a number");
    }
    if (v < 1 || v > 100) {
      throw new InvalidFieldException(name, name + " '" + value + "' is not in 1..100");
    }
    return v;
  }

  private static int nonNegative(String name, String value) throws InvalidFieldException {
    Integer v = Numbers.parseInt(value, false);
    if (v == null) {
      throw new InvalidFieldException(name, name + " '" + value + "' is not a number");
    }
    return v;
  }

  private static SipUri sipUri(String name, String value) throws InvalidFieldException {
    try {
      return SipUri.parse(requireValue(name, value));
    } catch (SipParseException e) {
      throw new InvalidFieldException(
          name, name + " '" + value + "' is not a SIP URI: " + e.getMessage());
    }
  }
}
