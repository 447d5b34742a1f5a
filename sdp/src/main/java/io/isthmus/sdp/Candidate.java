package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * An ICE candidate, RFC 8839 §5.1 (RFC 5245 §15.1):
 *
 * <pre>
 * a=candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
 *             &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt;
 *             [raddr &lt;address&gt;] [rport &lt;port&gt;] *(&lt;ext-name&gt; &lt;ext-value&gt;)
 * </pre>
 *
 * A relay that does not do ICE itself removes candidates (and the ICE credentials) from what it
 * forwards; the view is for logging, tests and a later ICE-lite mode.
 *
 * @param relAddress null if absent
 * @param relPort -1 if absent
 * @param extensions the extension name/value pairs after the known fields, in order
 */
public record Candidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    String type,
    String relAddress,
    int relPort,
    List<Extension> extensions) {

  /** One {@code <extension-att-name> <extension-att-value>} pair, e.g. {@code generation 0}. */
  public record Extension(String name, String value) {}

  /** Canonical constructor: the list is copied. */
  public Candidate {
    extensions = List.copyOf(extensions);
  }

  static Candidate parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    List<String> f = Tokens.split(v == null ? "" : v);
    if (f.size() < 8) {
      throw SdpParseException.at(
          line,
          "expected <foundation> <component> <transport> <priority> <address> <port> typ <type>");
    }
    int component = Tokens.parseUnsigned(f.get(1), 99999);
    if (component < 0) {
      throw SdpParseException.at(line, "component is not a number");
    }
    long priority = Tokens.isDigits(f.get(3)) ? Tokens.parseUnsignedLong(f.get(3)) : -1;
    if (priority < 0 || priority > 0xFFFFFFFFL) {
      throw SdpParseException.at(line, "priority is not a 32-bit number");
    }
    int port = Media.parsePort(line, f.get(5), "port");
    if (!"typ".equals(f.get(6))) {
      throw SdpParseException.at(line, "expected 'typ' after the port");
    }
    if ((f.size() - 8) % 2 != 0) {
      throw SdpParseException.at(line, "extension without a value");
    }
    String relAddress = null;
    int relPort = -1;
    List<Extension> ext = new ArrayList<>();
    for (int i = 8; i < f.size(); i += 2) {
      String name = f.get(i);
      String value = f.get(i + 1);
      if ("raddr".equals(name) && relAddress == null) {
        relAddress = value;
      } else if ("rport".equals(name) && relPort < 0) {
        relPort = Media.parsePort(line, value, "rport");
      } else {
        ext.add(new Extension(name, value));
      }
    }
    return new Candidate(
        f.get(0),
        component,
        f.get(2),
        priority,
        f.get(4),
        port,
        f.get(7),
        relAddress,
        relPort,
        ext);
  }
}
