package io.isthmus.sdp;

/**
 * The direction attributes of RFC 8866 §6.7 (RFC 3264 §5.1). Absent at both levels means {@link
 * #SENDRECV}.
 */
public enum Direction {
  SENDRECV("sendrecv"),
  SENDONLY("sendonly"),
  RECVONLY("recvonly"),
  INACTIVE("inactive");

  private final String attributeName;

  Direction(String attributeName) {
    this.attributeName = attributeName;
  }

  /** The attribute name, e.g. {@code sendonly}. */
  public String attributeName() {
    return attributeName;
  }

  /** The direction an answerer takes to this offer direction (RFC 3264 §6.1). */
  public Direction reverse() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** The direction an attribute line declares, or null if it is not a direction attribute. */
  public static Direction of(SdpLine line) {
    if (!line.isAttribute() || line.attributeValue() != null) {
      return null;
    }
    for (Direction d : values()) {
      if (line.isAttribute(d.attributeName)) {
        return d;
      }
    }
    return null;
  }
}
