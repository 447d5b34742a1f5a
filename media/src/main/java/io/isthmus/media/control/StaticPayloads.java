package io.isthmus.media.control;

import io.isthmus.media.codec.G711Law;

/**
 * The static RTP payload types of RFC 3551 §6 (Tables 4 and 5): rtpengine writes an {@code
 * a=rtpmap} for each static type it passes on, so receivers never have to know the table.
 */
final class StaticPayloads {
  private StaticPayloads() {}

  private static final String[] ENCODINGS = new String[35];

  static {
    ENCODINGS[0] = "PCMU/8000";
    ENCODINGS[3] = "GSM/8000";
    ENCODINGS[4] = "G723/8000";
    ENCODINGS[5] = "DVI4/8000";
    ENCODINGS[6] = "DVI4/16000";
    ENCODINGS[7] = "LPC/8000";
    ENCODINGS[8] = "PCMA/8000";
    ENCODINGS[9] = "G722/8000";
    ENCODINGS[10] = "L16/44100/2";
    ENCODINGS[11] = "L16/44100";
    ENCODINGS[12] = "QCELP/8000";
    ENCODINGS[13] = "CN/8000";
    ENCODINGS[14] = "MPA/90000";
    ENCODINGS[15] = "G728/8000";
    ENCODINGS[16] = "DVI4/11025";
    ENCODINGS[17] = "DVI4/22050";
    ENCODINGS[18] = "G729/8000";
    ENCODINGS[25] = "CelB/90000";
    ENCODINGS[26] = "JPEG/90000";
    ENCODINGS[28] = "nv/90000";
    ENCODINGS[31] = "H261/90000";
    ENCODINGS[32] = "MPV/90000";
    ENCODINGS[33] = "MP2T/90000";
    ENCODINGS[34] = "H263/90000";
  }

  /** {@code <encoding>/<rate>[/<channels>]} of a static payload type, or null. */
  static String encoding(String format) {
    int pt = payloadType(format);
    return pt >= 0 && pt < ENCODINGS.length ? ENCODINGS[pt] : null;
  }

  /** The format as a payload type number, or -1 if it is not a number 0-127. */
  static int payloadType(String format) {
    if (format.isEmpty() || format.length() > 3) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= 127 ? n : -1;
  }

  /** The G.711 law named {@code encodingName} ("PCMU", "pcma"...), or null. */
  static G711Law g711(String encodingName) {
    for (G711Law law : G711Law.values()) {
      if (law.name().equalsIgnoreCase(encodingName)) {
        return law;
      }
    }
    return null;
  }
}
