package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BencodeEncoder;
import io.isthmus.ng.bencode.JsonEncoder;

/**
 * How an NG payload is written: bencode (first byte {@code d}) or JSON (first byte <code>{</code>).
 */
public enum NgEncoding {
  BENCODE,
  JSON;

  /** The encoding of a payload that starts with {@code firstByte}, or null if neither. */
  public static NgEncoding of(byte firstByte) {
    return switch (firstByte) {
      case 'd' -> BENCODE;
      case '{' -> JSON;
      default -> null;
    };
  }

  /** The payload for {@code body} in this encoding. */
  public byte[] encode(BDict body) {
    return this == BENCODE ? BencodeEncoder.encode(body) : JsonEncoder.encode(body);
  }
}
