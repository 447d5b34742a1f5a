package io.isthmus.media.codec;

/**
 * ITU-T G.711 companding: µ-law (PCMU, static PT 0) and A-law (PCMA, PT 8) between 8-bit codes and
 * 16-bit linear PCM, consistent with the G.191 reference implementation (µ-law works on 14 bits,
 * A-law on 13 bits, the linear value left-aligned in 16).
 *
 * <p>Decoding is a 256-entry table lookup; encoding is a segment search (no 64 K table); µ-law to
 * A-law and back are 256-entry byte tables built through the linear domain, so a transcoding step
 * rewrites a payload in place with one lookup per sample.
 */
public final class G711 {

  /** µ-law bias (33 in 14-bit units = 132 in 16-bit units), G.711 Table 2a. */
  private static final int ULAW_BIAS = 0x84;

  /** Largest magnitude µ-law represents before the bias pushes it out of 15 bits. */
  private static final int ULAW_CLIP = 32635;

  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];
  private static final byte[] ULAW_TO_ALAW = new byte[256];
  private static final byte[] ALAW_TO_ULAW = new byte[256];

  static {
    for (int code = 0; code < 256; code++) {
      ULAW_TO_LINEAR[code] = (short) computeUlawDecode(code);
      ALAW_TO_LINEAR[code] = (short) computeAlawDecode(code);
    }
    for (int code = 0; code < 256; code++) {
      ULAW_TO_ALAW[code] = alawEncode(ULAW_TO_LINEAR[code]);
      ALAW_TO_ULAW[code] = ulawEncode(ALAW_TO_LINEAR[code]);
    }
  }

  private G711() {}

  /** Decodes a µ-law code (0..255, sign ignored) to 16-bit linear PCM. */
  public static short ulawDecode(int code) {
    return ULAW_TO_LINEAR[code & 0xFF];
  }

  /** Decodes an A-law code (0..255) to 16-bit linear PCM. */
  public static short alawDecode(int code) {
    return ALAW_TO_LINEAR[code & 0xFF];
  }

  /** Encodes a 16-bit linear sample to µ-law. */
  public static byte ulawEncode(int sample) {
    int sign = 0;
    int magnitude = sample;
    if (magnitude < 0) {
      sign = 0x80;
      magnitude = -magnitude;
    }
    magnitude = Math.min(magnitude, ULAW_CLIP) + ULAW_BIAS;
    // Segment = position of the highest set bit above bit 7 (biased value is in [132, 32767]).
    int segment = 31 - Integer.numberOfLeadingZeros(magnitude >>> 7);
    int mantissa = (magnitude >>> (segment + 3)) & 0x0F;
    // µ-law transmits the one's complement (G.711 §3: all bits inverted).
    return (byte) ~(sign | (segment << 4) | mantissa);
  }

  /** Encodes a 16-bit linear sample to A-law. */
  public static byte alawEncode(int sample) {
    int value = sample >> 3; // 13-bit domain
    int mask;
    if (value >= 0) {
      mask = 0xD5; // sign bit set for positive values, even bits inverted (G.711 §3)
    } else {
      mask = 0x55;
      value = -value - 1;
    }
    int code;
    if (value > 0xFFF) {
      code = 0x7F; // clip to the largest segment/mantissa
    } else if (value < 0x20) {
      code = value >> 1; // segments 0 and 1 share the finest step
    } else {
      int segment = 31 - Integer.numberOfLeadingZeros(value >> 4); // 1..7
      code = (segment << 4) | ((value >> segment) & 0x0F);
    }
    return (byte) (code ^ mask);
  }

  /** µ-law code to the A-law code of the same linear value. */
  public static byte ulawToAlaw(int code) {
    return ULAW_TO_ALAW[code & 0xFF];
  }

  /** A-law code to the µ-law code of the same linear value. */
  public static byte alawToUlaw(int code) {
    return ALAW_TO_ULAW[code & 0xFF];
  }

  static byte[] ulawToAlawTable() {
    return ULAW_TO_ALAW;
  }

  static byte[] alawToUlawTable() {
    return ALAW_TO_ULAW;
  }

  private static int computeUlawDecode(int code) {
    int inverted = ~code & 0xFF;
    int segment = (inverted >> 4) & 0x07;
    int mantissa = inverted & 0x0F;
    int magnitude = (((mantissa << 3) + ULAW_BIAS) << segment) - ULAW_BIAS;
    return (inverted & 0x80) != 0 ? -magnitude : magnitude;
  }

  private static int computeAlawDecode(int code) {
    int value = code ^ 0x55;
    int segment = (value & 0x70) >> 4;
    int mantissa = value & 0x0F;
    // Reconstruct at the middle of the quantisation step, in the 16-bit domain.
    int magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
    return (value & 0x80) != 0 ? magnitude : -magnitude;
  }
}
