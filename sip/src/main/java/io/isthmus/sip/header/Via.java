package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.Parameters;
import java.util.List;

/**
 * One via-parm (RFC 3261 §20.42): sent-protocol, sent-by and parameters in order, with the ones a
 * proxy acts on read out: branch (transaction id, §17.2.3), received and rport (RFC 3581), maddr,
 * ttl. Immutable; {@link #toString()} writes the canonical form ({@code SIP/2.0/UDP
 * host:port;params}).
 */
public final class Via {
  /** The RFC 3261 branch magic cookie (§8.1.1.7). */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  private final String protocolName;
  private final String protocolVersion;
  private final String transport;
  private final Host host;
  private final int port;
  private final Parameters parameters;

  Via(
      String protocolName,
      String protocolVersion,
      String transport,
      Host host,
      int port,
      Parameters parameters) {
    this.protocolName = protocolName;
    this.protocolVersion = protocolVersion;
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.parameters = parameters;
  }

  /** Parses a Via header value: one or more via-parms separated by commas. */
  public static List<Via> parseList(byte[] b, int off, int len) throws SipParseException {
    return ViaParser.parseList(new Lexer(b, off, len));
  }

  /**
   * The Via a proxy or UA puts on a request it sends: {@code SIP/2.0/<transport> host[:port]
   * ;branch=<branch>[;rport]}. Throws IllegalArgumentException on a bad host, port or branch.
   */
  public static Via of(String transport, String host, int port, String branch, boolean rport) {
    if (port < -1 || port == 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    checkToken(transport, "transport");
    checkToken(branch, "branch");
    Parameters.Builder p = new Parameters.Builder(false).add("branch", branch);
    if (rport) {
      p.add("rport", null);
    }
    return new Via("SIP", "2.0", transport, Host.of(host), port, p.build());
  }

  private static void checkToken(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " missing");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xFF || !io.isthmus.sip.uri.SipChars.isToken(c)) {
        throw new IllegalArgumentException(what + " is not a token: " + s);
      }
    }
  }

  /** The protocol name, normally {@code SIP}. */
  public String protocolName() {
    return protocolName;
  }

  /** The protocol version, normally {@code 2.0}. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** The transport as written (UDP, TCP, TLS, SCTP, WS, or anything else). */
  public String transport() {
    return transport;
  }

  /** The sent-by host as written (an IPv6 reference with brackets). */
  public String host() {
    return host.text();
  }

  /** The sent-by host with its kind and address. */
  public Host sentByHost() {
    return host;
  }

  /** The sent-by port, or -1 when absent. */
  public int port() {
    return port;
  }

  /** All parameters in order, values as written. */
  public Parameters parameters() {
    return parameters;
  }

  /** The value of a parameter, null when absent or a flag. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  /** The branch, or null (RFC 2543 peers send none). */
  public String branch() {
    return parameters.get("branch");
  }

  /**
   * True when the branch starts with the magic cookie and has something after it. A bare {@code
   * z9hG4bK} (RFC 4475 §3.2.1 badbranch) parses but is not an RFC 3261 transaction id.
   */
  public boolean isRfc3261Branch() {
    String branch = branch();
    return branch != null
        && branch.length() > MAGIC_COOKIE.length()
        && branch.startsWith(MAGIC_COOKIE);
  }

  /** The received parameter as written (an IPv6 address with or without brackets), or null. */
  public String received() {
    return parameters.get("received");
  }

  /** True when the rport parameter is present, with or without a value. */
  public boolean hasRport() {
    return parameters.contains("rport");
  }

  /** The rport value, or -1 when absent or present without a value. */
  public int rport() {
    String v = parameters.get("rport");
    return v == null ? -1 : Integer.parseInt(v);
  }

  /** The maddr parameter, or null. */
  public String maddr() {
    return parameters.get("maddr");
  }

  /** The ttl parameter, or -1 when absent. */
  public int ttl() {
    String v = parameters.get("ttl");
    return v == null ? -1 : Integer.parseInt(v);
  }

  /**
   * This Via with {@code received} set to the source address of the request (RFC 3261 §18.2.1); an
   * IPv6 address is written without brackets, as RFC 5118 §4.5 asks.
   */
  public Via withReceived(String address) {
    String a = address;
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    Host.Kind kind = Host.of(a.indexOf(':') >= 0 ? '[' + a + ']' : a).kind();
    if (kind == Host.Kind.DOMAIN) {
      throw new IllegalArgumentException("received must be an IP address: " + address);
    }
    return withParameter("received", a);
  }

  /** This Via with {@code rport} filled with the source port of the request (RFC 3581 §4). */
  public Via withRport(int sourcePort) {
    if (sourcePort < 1 || sourcePort > 65535) {
      throw new IllegalArgumentException("port out of range: " + sourcePort);
    }
    return withParameter("rport", Integer.toString(sourcePort));
  }

  /** This Via with a parameter set (replaced in place or appended); null value for a flag. */
  public Via withParameter(String name, String value) {
    return new Via(
        protocolName, protocolVersion, transport, host, port, parameters.with(name, value));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(64);
    sb.append(protocolName).append('/').append(protocolVersion).append('/').append(transport);
    sb.append(' ').append(host.text());
    if (port >= 0) {
      sb.append(':').append(port);
    }
    parameters.appendTo(sb, ';');
    return sb.toString();
  }
}
