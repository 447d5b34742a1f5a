package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * An SDES key line, RFC 4568 §9.1: {@code a=crypto:<tag> <crypto-suite> <key-params>
 * [<session-params>]}, where key-params is {@code <method>:<info>} repeated with {@code ;}, and for
 * the {@code inline} method the info is {@code <key||salt base64>[|<lifetime>][|<MKI>:<length>]}.
 *
 * <p>A relay that terminates SRTP replaces the peer's crypto lines with its own.
 */
public record Crypto(int tag, String suite, List<KeyParam> keyParams, List<String> sessionParams) {

  /**
   * One key parameter. For methods other than {@code inline}, {@code keySalt} holds the whole info
   * and the other fields are absent.
   *
   * @param lifetime e.g. {@code 2^20} or {@code 1048576}; null if absent
   * @param mki the MKI value; null if absent
   * @param mkiLength the MKI length in bytes; -1 if absent
   */
  public record KeyParam(
      String method, String keySalt, String lifetime, String mki, int mkiLength) {

    /** An {@code inline:<key||salt>} parameter with no lifetime and no MKI. */
    public static KeyParam inline(String keySalt) {
      return new KeyParam("inline", keySalt, null, null, -1);
    }

    /** The parameter as written in the line. */
    public String value() {
      StringBuilder sb = new StringBuilder(64);
      sb.append(method).append(':').append(keySalt);
      if (lifetime != null) {
        sb.append('|').append(lifetime);
      }
      if (mki != null) {
        sb.append('|').append(mki).append(':').append(mkiLength);
      }
      return sb.toString();
    }
  }

  /** Canonical constructor: the lists are copied. */
  public Crypto {
    keyParams = List.copyOf(keyParams);
    sessionParams = List.copyOf(sessionParams);
  }

  static Crypto parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    List<String> f = Tokens.split(v == null ? "" : v);
    if (f.size() < 3) {
      throw SdpParseException.at(
          line, "expected <tag> <crypto-suite> <key-params> [<session-params>]");
    }
    int tag = Tokens.parseUnsigned(f.get(0), 999_999_999);
    if (tag < 0) {
      throw SdpParseException.at(line, "tag is not a number of at most 9 digits");
    }
    List<KeyParam> keys = new ArrayList<>(1);
    for (String param : f.get(2).split(";", -1)) {
      keys.add(parseKeyParam(line, param));
    }
    return new Crypto(tag, f.get(1), keys, f.subList(3, f.size()));
  }

  private static KeyParam parseKeyParam(SdpLine line, String param) throws SdpParseException {
    int colon = param.indexOf(':');
    if (colon <= 0) {
      throw SdpParseException.at(line, "key parameter without <method>:");
    }
    String method = param.substring(0, colon);
    String info = param.substring(colon + 1);
    if (!"inline".equalsIgnoreCase(method)) {
      return new KeyParam(method, info, null, null, -1);
    }
    String[] parts = info.split("\\|", -1);
    if (parts[0].isEmpty() || parts.length > 3) {
      throw SdpParseException.at(line, "expected inline:<key||salt>[|<lifetime>][|<MKI>:<length>]");
    }
    String lifetime = null;
    String mki = null;
    int mkiLength = -1;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int c = part.indexOf(':');
      if (c < 0 && lifetime == null && mki == null && !part.isEmpty()) {
        lifetime = part;
      } else if (c > 0 && mki == null) {
        mki = part.substring(0, c);
        mkiLength = Tokens.parseUnsigned(part.substring(c + 1), 128);
        if (mkiLength < 1) {
          throw SdpParseException.at(line, "MKI length is not a number 1-128");
        }
      } else {
        throw SdpParseException.at(line, "malformed lifetime or MKI");
      }
    }
    return new KeyParam(method, parts[0], lifetime, mki, mkiLength);
  }

  /** The attribute value. */
  public String value() {
    StringBuilder sb = new StringBuilder(80);
    sb.append(tag).append(' ').append(suite).append(' ');
    for (int i = 0; i < keyParams.size(); i++) {
      if (i > 0) {
        sb.append(';');
      }
      sb.append(keyParams.get(i).value());
    }
    for (String p : sessionParams) {
      sb.append(' ').append(p);
    }
    return sb.toString();
  }
}
