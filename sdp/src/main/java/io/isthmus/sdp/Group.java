package io.isthmus.sdp;

import java.util.List;

/** {@code a=group:<semantics> <mid> ...}, RFC 5888 §5, e.g. {@code BUNDLE 0 1} (RFC 8843). */
public record Group(String semantics, List<String> mids) {

  /** Canonical constructor: the list is copied. */
  public Group {
    mids = List.copyOf(mids);
  }

  static Group parse(SdpLine line) throws SdpParseException {
    String v = line.attributeValue();
    List<String> f = Tokens.split(v == null ? "" : v);
    if (f.isEmpty()) {
      throw SdpParseException.at(line, "expected <semantics> <mid> ...");
    }
    return new Group(f.get(0), f.subList(1, f.size()));
  }
}
