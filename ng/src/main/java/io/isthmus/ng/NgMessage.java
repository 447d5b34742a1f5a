package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BencodeDecoder;
import io.isthmus.ng.bencode.BencodeEncoder;
import io.isthmus.ng.bencode.BencodeException;
import io.isthmus.ng.bencode.BencodeLimits;
import io.isthmus.ng.bencode.JsonDecoder;
import io.isthmus.ng.bencode.JsonSyntaxException;

/**
 * One NG datagram: a cookie and a dictionary.
 *
 * <pre>
 *   5323_1 d7:command4:pinge
 *   +----+ +---------------+
 *   cookie  payload: bencode dictionary ('d') or JSON object ('{')
 *         ^ one space
 * </pre>
 *
 * The cookie is every byte before the first space; the reply carries the same cookie. As in
 * rtpengine, a datagram without a space, or starting with one, has no cookie and gets no reply. We
 * also refuse cookies longer than {@link #MAX_COOKIE_LENGTH}: they would be echoed and cached
 * (Kamailio's cookies, {@code server_random_sequence}, are under 40 bytes).
 *
 * @param cookie the cookie (a view into the datagram)
 * @param encoding how the payload was written, and how to write the reply
 * @param body the dictionary
 */
public record NgMessage(BString cookie, NgEncoding encoding, BDict body) {

  /** Longest cookie accepted. */
  public static final int MAX_COOKIE_LENGTH = 256;

  /**
   * The cookie of a datagram (a view, not a copy), or null when it has none (no space, a space at
   * the start, or longer than {@link #MAX_COOKIE_LENGTH}).
   */
  public static BString cookie(byte[] buf, int off, int len) {
    int end = off + Math.min(len, MAX_COOKIE_LENGTH + 1);
    for (int i = off; i < end; i++) {
      if (buf[i] == ' ') {
        return i == off ? null : BString.view(buf, off, i - off);
      }
    }
    return null;
  }

  /**
   * Decodes the payload after {@code cookie} (which {@link #cookie} returned for this datagram).
   *
   * @throws NgException with rtpengine's reason ("Invalid data (no payload)", "Invalid NG data
   *     format", "Could not decode bencode dictionary", "Failed to parse JSON document"), the
   *     precise problem in {@link NgException#detail}
   */
  public static NgMessage decode(byte[] buf, int off, int len, BString cookie, BencodeLimits limits)
      throws NgException {
    int payload = off + cookie.length() + 1;
    int payloadLength = off + len - payload;
    if (payloadLength <= 0) {
      throw new NgException("Invalid data (no payload)");
    }
    NgEncoding encoding = NgEncoding.of(buf[payload]);
    if (encoding == null) {
      throw new NgException("Invalid NG data format");
    }
    try {
      BDict body =
          encoding == NgEncoding.BENCODE
              ? BencodeDecoder.decodeLeadingDictionary(buf, payload, payloadLength, limits)
              : JsonDecoder.decodeObject(buf, payload, payloadLength, limits);
      return new NgMessage(cookie, encoding, body);
    } catch (BencodeException e) {
      throw new NgException("Could not decode bencode dictionary", e.getMessage());
    } catch (JsonSyntaxException e) {
      // rtpengine: a JSON syntax error is "Failed to parse JSON document"; valid JSON it cannot
      // turn into a dictionary (not an object, null, fractions) is "Could not decode bencode ...".
      throw new NgException(
          e.isSyntax() ? "Failed to parse JSON document" : "Could not decode bencode dictionary",
          e.getMessage());
    }
  }

  /** The encoding a reply to this datagram's payload uses: JSON if it starts with '{'. */
  public static NgEncoding replyEncoding(byte[] buf, int off, int len, BString cookie) {
    int payload = off + cookie.length() + 1;
    return payload < off + len && buf[payload] == '{' ? NgEncoding.JSON : NgEncoding.BENCODE;
  }

  /** A whole datagram: {@code cookie SP body}, sized exactly. */
  public static byte[] frame(BString cookie, NgEncoding encoding, BDict body) {
    int c = cookie.length();
    if (encoding == NgEncoding.BENCODE) {
      byte[] out = new byte[c + 1 + BencodeEncoder.encodedLength(body)];
      cookie.copyTo(out, 0);
      out[c] = ' ';
      BencodeEncoder.encode(body, out, c + 1);
      return out;
    }
    byte[] json = encoding.encode(body);
    byte[] out = new byte[c + 1 + json.length];
    cookie.copyTo(out, 0);
    out[c] = ' ';
    System.arraycopy(json, 0, out, c + 1, json.length);
    return out;
  }
}
