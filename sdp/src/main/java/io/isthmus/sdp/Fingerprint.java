package io.isthmus.sdp;

import java.util.List;

/**
 * {@code a=fingerprint:<hash-func> <fingerprint>}, RFC 8122 §5 (DTLS-SRTP). Kept, not rewritten.
 */
public record Fingerprint(String hashFunction, String fingerprint) {

  static Fingerprint parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    List<String> f = Tokens.split(v == null ? "" : v);
    if (f.size() != 2) {
      throw SdpParseException.at(line, "expected <hash-func> <fingerprint>");
    }
    return new Fingerprint(f.get(0), f.get(1));
  }
}
