package io.isthmus.sdp;

import java.util.List;

/**
 * {@code a=rtcp:<port> [<nettype> <addrtype> <connection-address>]}, RFC 3605 §2.1: where RTCP goes
 * when it is not on RTP port + 1.
 *
 * @param netType null when the line has no address
 * @param addrType null when the line has no address
 * @param address null when the line has no address
 */
public record Rtcp(int port, String netType, String addrType, String address) {

  /** An {@code a=rtcp:<port>} with no address. */
  public static Rtcp of(int port) {
    return new Rtcp(Tokens.requirePort(port), null, null, null);
  }

  /** An {@code a=rtcp:<port> IN <addrType> <address>}. */
  public static Rtcp of(int port, String addrType, String address) {
    return new Rtcp(
        Tokens.requirePort(port),
        Connection.IN,
        Tokens.requireToken(addrType, "address type"),
        Connection.requireAddress(address));
  }

  static Rtcp parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    List<String> f = Tokens.split(v == null ? "" : v);
    if (f.size() != 1 && f.size() != 4) {
      throw SdpParseException.at(line, "expected <port> [<nettype> <addrtype> <address>]");
    }
    int port = Media.parsePort(line, f.get(0), "RTCP port");
    return f.size() == 1
        ? new Rtcp(port, null, null, null)
        : new Rtcp(port, f.get(1), f.get(2), f.get(3));
  }

  /** Whether the line carries an address. */
  public boolean hasAddress() {
    return address != null;
  }

  /** The attribute value. */
  public String value() {
    return hasAddress()
        ? port + " " + netType + " " + addrType + " " + address
        : Integer.toString(port);
  }
}
