package io.isthmus.sdp;

import java.util.List;

/**
 * The media line, RFC 8866 §5.14: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}.
 *
 * <p>Port 0 marks a rejected or disabled stream (RFC 3264 §6) and is kept as it is. The format list
 * may be empty: RFC 8866 asks for at least one, but rejected streams without formats are seen.
 *
 * @param numPorts the number of ports, or -1 if absent
 * @param formats the formats in their order (RTP payload types for RTP protocols)
 */
public record Media(String type, int port, int numPorts, String proto, List<String> formats) {

  /** Canonical constructor: the format list is copied. */
  public Media {
    formats = List.copyOf(formats);
  }

  static Media parse(SdpLine line) throws SdpParseException {
    List<String> f = Tokens.split(line.value());
    if (f.size() < 3) {
      throw SdpParseException.at(line, "expected <media> <port> <proto> <fmt> ...");
    }
    String portField = f.get(1);
    int slash = portField.indexOf('/');
    String portText = slash < 0 ? portField : portField.substring(0, slash);
    int port = parsePort(line, portText, "port");
    int numPorts = -1;
    if (slash >= 0) {
      numPorts = Tokens.parseUnsigned(portField.substring(slash + 1), 65535);
      if (numPorts < 0) {
        throw SdpParseException.at(line, "number of ports is not a number");
      }
    }
    return new Media(f.get(0), port, numPorts, f.get(2), f.subList(3, f.size()));
  }

  static int parsePort(SdpLine line, String text, String what) throws SdpParseException {
    if (!Tokens.isDigits(text)) {
      throw SdpParseException.at(line, what + " is not a number");
    }
    int port = Tokens.parseUnsigned(text, 65535);
    if (port < 0) {
      throw SdpParseException.at(line, what + " out of range");
    }
    return port;
  }

  /** Whether the port is 0: a rejected or disabled stream (RFC 3264 §6, §8.2). */
  public boolean isRejected() {
    return port == 0;
  }

  /** Whether the protocol is RTP-based ({@code RTP/AVP}, {@code UDP/TLS/RTP/SAVPF}, ...). */
  public boolean isRtp() {
    return proto.contains("RTP/");
  }

  /** This media line with another port (the number of ports stays). */
  public Media withPort(int newPort) {
    return new Media(type, Tokens.requirePort(newPort), numPorts, proto, formats);
  }

  /** This media line with another transport protocol, e.g. {@code RTP/SAVP}. */
  public Media withProto(String newProto) {
    return new Media(type, port, numPorts, Tokens.requireToken(newProto, "proto"), formats);
  }

  /** This media line with another format list. */
  public Media withFormats(List<String> newFormats) {
    for (String fmt : newFormats) {
      Tokens.requireToken(fmt, "format");
    }
    return new Media(type, port, numPorts, proto, newFormats);
  }

  /** The line value, fields joined by single spaces. */
  public String value() {
    StringBuilder sb = new StringBuilder(32 + formats.size() * 4);
    sb.append(type).append(' ').append(port);
    if (numPorts >= 0) {
      sb.append('/').append(numPorts);
    }
    sb.append(' ').append(proto);
    for (String fmt : formats) {
      sb.append(' ').append(fmt);
    }
    return sb.toString();
  }
}
