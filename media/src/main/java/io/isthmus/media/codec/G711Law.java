package io.isthmus.media.codec;

/** The two G.711 laws with their static RTP payload types (RFC 3551 §6, Table 4). */
public enum G711Law {
  /** µ-law, "PCMU/8000". */
  PCMU(0),
  /** A-law, "PCMA/8000". */
  PCMA(8);

  private final int payloadType;

  G711Law(int payloadType) {
    this.payloadType = payloadType;
  }

  /** The static payload type. */
  public int payloadType() {
    return payloadType;
  }

  /** Table mapping a code of this law to the code of {@code target} (identity if equal). */
  byte[] tableTo(G711Law target) {
    if (this == target) {
      throw new IllegalArgumentException("no transcoding from " + this + " to itself");
    }
    return this == PCMU ? G711.ulawToAlawTable() : G711.alawToUlawTable();
  }
}
